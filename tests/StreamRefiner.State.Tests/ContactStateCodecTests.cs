using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Windows;

namespace StreamRefiner.State.Tests;

public sealed class ContactStateCodecTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 12, 34, 56, 789, TimeSpan.Zero);

    [Fact]
    public void Every_field_survives_a_round_trip()
    {
        var state = new ContactState
        {
            Segment = "engaged",
            SegmentSince = T0,
            Pending = "subscribed",
            PendingSince = T0.AddHours(1),
            Sequence = 7,
            AppliedOffset = 123_456,
            FirstSeen = T0.AddDays(-40),
            EvaluatedAt = T0.AddHours(2),
            OptedOut = true,
            ConsentChangedAt = T0.AddMinutes(-5),
            Due = T0.AddDays(1),
        };
        state.Window(Signal.Clicks).Add(T0.AddDays(-20), T0);
        state.Window(Signal.Clicks).Add(T0.AddHours(-2), T0);
        state.Window(Signal.Failed).Add(T0.AddHours(-1), T0, count: 3);
        state.Recent.TryAdd("SM1:delivered", T0);
        state.LastSeen[(int)Signal.Clicks] = T0.AddHours(-2);
        state.LeftAt["dormant"] = T0.AddDays(-3);
        state.Attributes["state"] = "CA";

        var copy = ContactStateCodec.Decode(ContactStateCodec.Encode(state));

        Assert.Equal(ContactStateCodec.Encode(state), ContactStateCodec.Encode(copy));
        Assert.Equal(("engaged", "subscribed", 7L, 123_456L), (copy.Segment, copy.Pending, copy.Sequence, copy.AppliedOffset));
        Assert.Equal((T0.AddDays(-40), T0.AddDays(1), T0.AddMinutes(-5)), (copy.FirstSeen!.Value, copy.Due!.Value,
            copy.ConsentChangedAt!.Value));
        Assert.True(copy.OptedOut);
        Assert.Equal(2, copy.Window(Signal.Clicks).Count(TimeSpan.FromDays(30), T0));
        Assert.Equal(3, copy.Window(Signal.Failed).Count(TimeSpan.FromDays(1), T0));
        Assert.False(copy.Recent.TryAdd("SM1:delivered", T0));
        Assert.Equal(T0.AddHours(-2), copy.LastEngagement);
        Assert.Equal(T0.AddDays(-3), copy.LeftAt["dormant"]);
        Assert.Equal("CA", copy.Attributes["state"]);
    }

    [Fact]
    public void Times_before_2020_and_large_bucket_counts_survive()
    {
        var old = new DateTimeOffset(2019, 12, 30, 5, 0, 0, TimeSpan.Zero);
        var state = new ContactState { EvaluatedAt = old, FirstSeen = old.AddDays(-2) };
        state.Window(Signal.Sent).Add(old.AddDays(-2), old, count: 300);
        state.Window(Signal.Sent).Add(old.AddHours(-1), old, count: 7);
        state.Window(Signal.Sent).Add(old.AddHours(-3), old, count: 8);

        var copy = ContactStateCodec.Decode(ContactStateCodec.Encode(state));

        Assert.Equal(state.Window(Signal.Sent).Buckets, copy.Window(Signal.Sent).Buckets);
        Assert.Equal(old.AddDays(-2), copy.FirstSeen);
    }

    [Fact]
    public void A_new_contact_encodes_small()
    {
        var bytes = ContactStateCodec.Encode(new ContactState());

        Assert.True(bytes.Length < 32, $"empty state took {bytes.Length} bytes");
        Assert.Equal(-1, ContactStateCodec.Decode(bytes).AppliedOffset);
    }

    [Fact]
    public void An_unknown_stored_format_version_is_refused()
    {
        var bytes = ContactStateCodec.Encode(new ContactState());
        bytes[0] = 99;

        Assert.Throws<InvalidDataException>(() => ContactStateCodec.Decode(bytes));
    }
}
