using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.Domain.Segments.Language;

/// <summary>A compiled text expression: a literal, an attribute, or the current segment's name.</summary>
internal abstract class TextNode
{
    public abstract string? Evaluate(in ContactView view);
}

internal sealed class ConstantText(string value) : TextNode
{
    public string Value { get; } = value;

    public override string? Evaluate(in ContactView view) => Value;
}

internal sealed class AttributeText(string name) : TextNode
{
    public override string? Evaluate(in ContactView view) => view.Attribute(name);
}

internal sealed class SegmentText : TextNode
{
    public override string? Evaluate(in ContactView view) => view.State.Segment;
}
