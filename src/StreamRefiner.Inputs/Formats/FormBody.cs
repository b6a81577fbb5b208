namespace StreamRefiner.Inputs.Formats;

/// <summary>Decodes <c>application/x-www-form-urlencoded</c> bodies as webhook landings keep them.</summary>
public static class FormBody
{
    public static Dictionary<string, string> Parse(string body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Trim().Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            fields[name] = value;
        }

        return fields;
    }

    /// <summary>True when the text looks like a form body: name=value pairs joined by '&amp;'.</summary>
    public static bool LooksLikeForm(string text) =>
        text.Length > 0 && text[0] != '{' && text[0] != '[' && text.Contains('=', StringComparison.Ordinal);

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            throw new ParseException(RejectReason.MalformedJson, "form body has a bad percent-escape");
        }
    }
}
