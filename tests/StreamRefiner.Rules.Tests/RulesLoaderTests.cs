namespace StreamRefiner.Rules.Tests;

public sealed class RulesLoaderTests
{
    private const string Valid = """
        version: "v7"
        attributes: [customer_status]
        segments:
          - name: vip
            purpose: retention
            priority: 10
            enter: attr.customer_status == "vip"
            exit: attr.customer_status == "churned"
            confirm_for: 90s
            min_dwell: 2w
            cooldown: 3d
            cadence: { max_per_week: 5, min_gap: 12h, pacing: steady }
            variant: vip-track
          - name: everyone
            purpose: retention
            priority: 0
            fallback: true
        """;

    [Fact]
    public void The_default_rules_load_without_errors_or_warnings()
    {
        var result = RulesLoader.LoadDefault();

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            ["unreachable", "reactivated", "engaged", "fatigued", "dormant", "new_lead", "subscribed"],
            result.Rules!.Segments.Select(s => s.Name));
        Assert.All(result.Rules.Segments, s => Assert.NotNull(s.Hints));
    }

    [Fact]
    public void Every_field_of_a_segment_is_read()
    {
        var result = RulesLoader.Load(Valid, "rules.yaml");

        Assert.Empty(result.Diagnostics);
        var vip = result.Rules!.Find("vip")!;
        Assert.Equal("v7", result.Rules.Version);
        Assert.Equal((10, "retention"), (vip.Priority, vip.Purpose));
        Assert.Equal((TimeSpan.FromSeconds(90), TimeSpan.FromDays(14), TimeSpan.FromDays(3)),
            (vip.ConfirmFor, vip.MinDwell, vip.Cooldown));
        Assert.Equal("attr.customer_status == \"churned\"", vip.Exit!.Text);
        Assert.Equal(new Domain.Segments.SegmentHints(5, TimeSpan.FromHours(12), "steady", "vip-track"), vip.Hints);
    }

    [Theory]
    [InlineData("version: [", 2, 1, "not valid YAML")]
    [InlineData("segments: []", 1, 1, "missing 'version'")]
    [InlineData("version: v\nsegments:\n  - name: a\n    purpose: x\n    priority: high\n    fallback: true", 5, 15,
        "'priority': got 'high'; expected a whole number")]
    [InlineData("version: v\nsegments:\n  - name: a\n    purpose: x\n    priority: 0\n    fallback: true\n    confirm_for: soon",
        7, 18, "expected a duration such as")]
    [InlineData("version: v\nsegments:\n  - name: Bad-Name\n    purpose: x\n    priority: 0\n    fallback: true", 3, 11,
        "expected a segment name")]
    [InlineData("version: v\nsegments:\n  - name: opted_out\n    purpose: x\n    priority: 0\n    fallback: true", 3, 11,
        "'opted_out' is built in")]
    [InlineData("version: v\nsegments:\n  - name: a\n    purpose: x\n    priority: 1\n    enter: true", 3, 3,
        "missing a fallback segment")]
    [InlineData("version: v\nsegments:\n  - name: a\n    purpose: x\n    priority: 5\n    fallback: true\n" +
        "  - name: b\n    purpose: x\n    priority: 1\n    enter: clicks.7d > 1", 3, 5, "must have the lowest priority")]
    [InlineData("version: v\nsegments:\n  - name: a\n    purpose: x\n    priority: 1\n    enter: 'clicks.7d >> 1'\n" +
        "  - name: z\n    purpose: x\n    priority: 0\n    fallback: true", 6, 24, "in condition: unexpected '>'")]
    [InlineData("version: v\nsegments:\n  - name: a\n    purpose: x\n    priority: 0\n    fallback: true\n    colour: red", 7, 5,
        "unknown key 'colour'; expected one of name, purpose")]
    public void Errors_name_the_line_column_and_what_was_expected(string yaml, int line, int column, string message)
    {
        var result = RulesLoader.Load(yaml, "rules.yaml");

        Assert.Null(result.Rules);
        Assert.Contains(result.Diagnostics, d => d.Severity == RulesSeverity.Error && d.Line == line
            && d.Column == column && d.Message.Contains(message, StringComparison.Ordinal));
        Assert.StartsWith($"rules.yaml:", result.Diagnostics[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Suspicious_segments_are_warned_about_but_load()
    {
        var result = RulesLoader.Load("""
            version: w
            segments:
              - name: engaged
                purpose: retention
                priority: 50
                enter: clicks.7d + replies.7d >= 2
              - name: shadowed
                purpose: retention
                priority: 25
                enter: clicks.7d + replies.7d >= 3
              - name: impossible
                purpose: retention
                priority: 20
                enter: clicks.7d < 0
              - name: left
                purpose: retention
                priority: 10
                enter: sent.7d >= 1
              - name: right
                purpose: retention
                priority: 10
                enter: delivered.7d >= 1
              - name: rest
                purpose: retention
                priority: 0
                fallback: true
            """, "w.yaml");

        Assert.NotNull(result.Rules);
        var warnings = result.Diagnostics.Select(d => (d.Line, d.Message.Split(':')[0])).ToList();
        Assert.Contains(warnings, w => w.Line == 7 && w.Item2.Contains("'shadowed'", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Line == 11 && d.Message.Contains("may never hold", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Line == 19 && d.Message.Contains("same priority", StringComparison.Ordinal));
        Assert.All(result.Diagnostics, d => Assert.Equal(RulesSeverity.Warning, d.Severity));
    }
}
