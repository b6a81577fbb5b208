using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamRefiner.Inputs.Formats;

namespace StreamRefiner.Inputs.Tests;

/// <summary>Mutated and truncated provider payloads: the parser rejects them with a reason and never throws.</summary>
public sealed class RobustnessTests
{
    private const int Cases = 10_000;

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);

    private static readonly string[] Splices =
    [
        "\"", "{", "}", "[", "]", ",", ":", "null", "true", "-1", "1e999", "\"\\ud800\"", "&", "=", "%", "%ZZ",
        "%F0%9F", "+", "\u0000", "😀", "{\"a\":", "[[[[", "\"to\":[]", "\"payload\":7", "\"data\":\"x\"",
        "\"status\":{}", "\"message\":[]", "MessageSid=", "msisdn=", "MessageUUID=", "99999999999999999999",
    ];

    [Fact]
    public void Ten_thousand_mutated_payloads_never_make_the_parser_throw()
    {
        var parser = new RecordParser(new RecordParserOptions(), new FakeTimeProvider(Now));
        var random = new Random(20260302);
        var rejected = 0;
        var read = 0;

        for (var i = 0; i < Cases; i++)
        {
            var seed = Fixtures.All[random.Next(Fixtures.All.Count)];
            var payload = Mutate(Encoding.UTF8.GetBytes(seed), random);
            var header = random.Next(20) == 0 ? "sinch" : null;

            var outcome = parser.Parse(new RawRecord(payload, Now.AddMinutes(-random.Next(600)), "sms.replies",
                header));

            if (outcome.Rejection is not null)
            {
                rejected++;
                Assert.False(string.IsNullOrEmpty(outcome.Detail));
                Assert.Empty(outcome.Events);
            }
            else
            {
                read++;
                Assert.All(outcome.Events, e => Assert.StartsWith("+", e.Contact, StringComparison.Ordinal));
            }
        }

        // Both branches were exercised: the mutations are neither all harmless nor all fatal.
        Assert.True(rejected > Cases / 10, $"only {rejected} rejections");
        Assert.True(read > Cases / 20, $"only {read} records read");
    }

    private static byte[] Mutate(byte[] bytes, Random random)
    {
        var data = new List<byte>(bytes);
        var steps = 1 + random.Next(3);
        for (var step = 0; step < steps && data.Count > 0; step++)
        {
            var at = random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 1:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(12)));
                    break;
                case 3:
                    data.InsertRange(at, Encoding.UTF8.GetBytes(Splices[random.Next(Splices.Length)]));
                    break;
                case 4:
                    var length = Math.Min(data.Count - at, 1 + random.Next(40));
                    data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                    break;
                default:
                    // Leave this step's payload as it is: some cases must stay valid.
                    break;
            }
        }

        return [.. data];
    }
}
