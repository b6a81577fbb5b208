namespace StreamRefiner.Domain.Events;

/// <summary>Masks a contact for display: enough to tell contacts apart by eye, not enough to dial.</summary>
public static class ContactMask
{
    /// <summary><c>+12025550188</c> becomes <c>+1202*****88</c>.</summary>
    public static string Mask(string contact)
    {
        if (contact.Length <= 7)
        {
            return new string('*', contact.Length);
        }

        return string.Concat(contact.AsSpan(0, 5), new string('*', contact.Length - 7),
            contact.AsSpan(contact.Length - 2));
    }
}
