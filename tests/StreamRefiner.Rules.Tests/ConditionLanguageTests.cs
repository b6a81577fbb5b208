using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Segments.Language;
using StreamRefiner.Domain.Windows;

namespace StreamRefiner.Rules.Tests;

public sealed class ConditionLanguageTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly CompileContext Context = new(
        new HashSet<string> { "customer_status", "state", "lifetime_value" },
        new HashSet<string> { "dormant", "engaged" });

    [Theory]
    [InlineData("clicks.7d >= 2", true)]
    [InlineData("clicks.7d >= 3", false)]
    [InlineData("count(clicks, 7d) == 2", true)]
    [InlineData("clicks.1d == 1", true)]
    [InlineData("clicks.30d + replies.30d == 3", true)]
    [InlineData("clicks.30d / sent.30d > 0.5", true)]
    [InlineData("clicks.30d / failed.30d > 0", false)]
    [InlineData("since(last_click) < 6h", true)]
    [InlineData("since(last_click) >= 90s", true)]
    [InlineData("since(first_seen) >= 2w", true)]
    [InlineData("since(last_reply) >= 1d", true)]
    [InlineData("since(last_failed) >= 1d", false)]
    [InlineData("not (since(last_failed) < 1d)", true)]
    [InlineData("since(entered) < 1d + 1h", true)]
    [InlineData("attr.customer_status == \"active\"", true)]
    [InlineData("attr.customer_status != \"active\"", false)]
    [InlineData("attr.state in [\"CA\", \"NY\"]", true)]
    [InlineData("attr.state not in [\"CA\", \"NY\"]", false)]
    [InlineData("attr.lifetime_value > 99.5", true)]
    [InlineData("attr.lifetime_value in [100, 200]", true)]
    [InlineData("has(attr.lifetime_value) and not has(attr.customer_status) or true", true)]
    [InlineData("segment == \"engaged\"", true)]
    [InlineData("segment in [\"dormant\"]", false)]
    [InlineData("(clicks.7d >= 2 or replies.7d >= 1) and not (sent.7d > 10)", true)]
    [InlineData("-clicks.7d < 0 and 2 * clicks.7d == 4", true)]
    [InlineData("false", false)]
    public void Conditions_evaluate_against_windows_recency_and_attributes(string text, bool expected)
    {
        var condition = ConditionCompiler.Compile(text, Context);

        Assert.Equal(expected, condition.Evaluate(new ContactView(Contact(), Now)));
    }

    [Theory]
    [InlineData("attr.state == \"CA\"")]
    [InlineData("attr.state != \"CA\"")]
    [InlineData("attr.state in [\"CA\"]")]
    [InlineData("attr.state not in [\"CA\"]")]
    [InlineData("attr.lifetime_value > 0")]
    [InlineData("since(last_click) >= 0s")]
    [InlineData("clicks.7d / sent.7d >= 0")]
    public void A_missing_value_makes_a_comparison_false(string text)
    {
        var condition = ConditionCompiler.Compile(text, Context);

        Assert.False(condition.Evaluate(new ContactView(new ContactState { FirstSeen = Now }, Now)));
    }

    [Theory]
    [InlineData("clicks.7d >= ", 13, "ends too early")]
    [InlineData("clicks.7d >= 2 and", 18, "ends too early")]
    [InlineData("clickz.7d >= 2", 0, "unknown name 'clickz'")]
    [InlineData("clicks >= 2", 7, "expected '.' and a window")]
    [InlineData("clicks.7y >= 2", 7, "unknown duration unit 'y'")]
    [InlineData("clicks.91d >= 2", 7, "outside what the store keeps")]
    [InlineData("count(taps, 7d) > 1", 6, "unknown signal 'taps'")]
    [InlineData("since(last_tap) > 1d", 6, "unknown anchor 'last_tap'")]
    [InlineData("since(last_click) > 5", 18, "cannot compare a duration with a number")]
    [InlineData("attr.plan == \"gold\"", 5, "unknown attribute 'plan'")]
    [InlineData("attr.state < \"CA\"", 11, "text can only be compared with == or !=")]
    [InlineData("clicks.7d + 1", 0, "must be true or false")]
    [InlineData("clicks.7d >= 2 and 3", 19, "'and' needs true/false")]
    [InlineData("segment == \"dormnat\"", 11, "unknown segment \"dormnat\"")]
    [InlineData("clicks.7d >= 2)", 14, "expected an operator or the end")]
    [InlineData("attr.state in [\"CA\", 1]", 0, "the list's items do not match")]
    [InlineData("clicks.7d == \"two\"", 10, "cannot compare a number with text")]
    [InlineData("\"open", 0, "unterminated string")]
    public void Bad_conditions_are_refused_with_the_offset_and_what_was_expected(string text, int offset, string message)
    {
        var error = Assert.Throws<RuleSyntaxException>(() => ConditionCompiler.Compile(text, Context));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void A_recency_threshold_schedules_a_timer_at_the_instant_it_flips()
    {
        var condition = ConditionCompiler.Compile("since(last_click) >= 60d", Context);
        var state = Contact();

        var next = condition.NextChange(new ContactView(state, Now));

        Assert.Equal(state.LastSeen[(int)Signal.Clicks]!.Value.AddDays(60), next);
    }

    [Fact]
    public void A_window_count_schedules_a_timer_when_its_oldest_bucket_leaves()
    {
        var condition = ConditionCompiler.Compile("clicks.7d >= 2", Context);

        var next = condition.NextChange(new ContactView(Contact(), Now));

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void The_condition_text_is_kept_for_reasons()
    {
        var condition = ConditionCompiler.Compile("  clicks.7d >= 2 or   replies.7d >= 1 ", Context);

        Assert.Equal("clicks.7d >= 2 or replies.7d >= 1", condition.Text);
    }

    [Fact]
    public void Evaluation_allocates_nothing()
    {
        var condition = ConditionCompiler.Compile(
            "(clicks.7d + replies.7d >= 2 or since(last_click) < 1d) and attr.state in [\"CA\", \"NY\"] " +
            "and clicks.30d / sent.30d > 0.1 and segment != \"dormant\"", Context);
        var view = new ContactView(Contact(), Now);
        condition.Evaluate(view);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            condition.Evaluate(view);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static ContactState Contact()
    {
        var state = new ContactState
        {
            FirstSeen = Now.AddDays(-20),
            Segment = "engaged",
            SegmentSince = Now.AddHours(-3),
            EvaluatedAt = Now,
        };
        Add(state, Signal.Clicks, Now.AddHours(-2));
        Add(state, Signal.Clicks, Now.AddDays(-1).AddHours(-1));
        Add(state, Signal.Replies, Now.AddDays(-10));
        Add(state, Signal.Sent, Now.AddDays(-3));
        Add(state, Signal.Sent, Now.AddDays(-11));
        state.Attributes["customer_status"] = "active";
        state.Attributes["state"] = "CA";
        state.Attributes["lifetime_value"] = "100";
        return state;
    }

    private static void Add(ContactState state, Signal signal, DateTimeOffset at)
    {
        state.Window(signal).Add(at, Now);
        if (state.LastSeen[(int)signal] is not { } last || last < at)
        {
            state.LastSeen[(int)signal] = at;
        }
    }
}
