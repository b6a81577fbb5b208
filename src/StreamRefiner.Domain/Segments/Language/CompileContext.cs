namespace StreamRefiner.Domain.Segments.Language;

/// <summary>What names a condition may use besides signals and anchors: declared attributes and segments.</summary>
public sealed record CompileContext(IReadOnlySet<string> Attributes, IReadOnlySet<string> Segments)
{
    public static readonly CompileContext Empty = new(new HashSet<string>(), new HashSet<string>());
}
