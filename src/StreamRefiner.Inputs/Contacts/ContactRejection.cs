namespace StreamRefiner.Inputs.Contacts;

/// <summary>Why an address is not a contact.</summary>
public enum ContactRejection
{
    None,

    /// <summary>Empty, or not a phone number at all.</summary>
    Invalid,

    /// <summary>A short code or an alphanumeric sender id: a business address, never a contact.</summary>
    NotAContact,
}
