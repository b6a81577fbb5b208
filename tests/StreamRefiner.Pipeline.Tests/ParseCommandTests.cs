using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamRefiner.Host.Commands;
using StreamRefiner.Inputs.Canonical;
using StreamRefiner.Inputs.Formats;
using StreamRefiner.Inputs.Tests;

namespace StreamRefiner.Pipeline.Tests;

public sealed class ParseCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("sr-parse-").FullName;

    [Fact]
    public void Parse_prints_the_events_of_good_lines_and_the_dead_letter_reason_of_bad_ones()
    {
        var file = Write("records.txt",
            Fixtures.TwilioInbound + "\n\n" + "{\"specversion\":\"1.0\",\"type\":\r\n" + Fixtures.PlivoInbound + "\n");

        var (code, output, error) = Parse(file);

        Assert.Equal(1, code);
        Assert.Equal([ExpectedJson(Fixtures.TwilioInbound), ExpectedJson(Fixtures.PlivoInbound)], Lines(output));
        Assert.Equal(
        [
            "record 3: rejected: malformed_json: value is not valid JSON (format unknown)",
            "parse: 3 records, 2 read, 2 events, 1 rejected",
        ], Lines(error));
    }

    [Fact]
    public void Parse_prints_each_event_of_a_whole_file_record_and_exits_zero()
    {
        var file = Write("bandwidth.json", Fixtures.BandwidthArray);

        var (code, output, error) = Parse(file, "--whole");

        Assert.Equal(0, code);
        Assert.Equal(3, Lines(output).Count);
        Assert.Equal(ExpectedEvents(Fixtures.BandwidthArray), Lines(output));
        Assert.Equal(["parse: 1 records, 1 read, 3 events, 0 rejected"], Lines(error));
    }

    [Fact]
    public void Parse_without_whole_reads_a_multi_line_payload_as_broken_lines()
    {
        var file = Write("bandwidth.json", Fixtures.BandwidthArray);

        var (code, output, _) = Parse(file);

        Assert.Equal(1, code);
        Assert.Empty(Lines(output));
    }

    [Fact]
    public void Parse_reports_a_valid_record_without_an_event()
    {
        var file = Write("queued.txt", "MessageSid=SM01&MessageStatus=queued&To=%2B12025550188\n");

        var (code, output, error) = Parse(file);

        Assert.Equal(0, code);
        Assert.Empty(Lines(output));
        Assert.Equal("record 1: no event (format twilio_form)", Lines(error)[0]);
    }

    [Fact]
    public void Parse_format_option_acts_like_the_sr_format_header()
    {
        var file = Write("twilio.txt", Fixtures.TwilioInbound + "\n");

        var (pinned, _, pinnedError) = Parse(file, "--format", "telnyx");
        var (unknown, _, unknownError) = Parse(file, "--format", "nexmo");

        Assert.Equal(1, pinned);
        Assert.StartsWith("record 1: rejected: unknown_format: a telnyx record cannot be a form body",
            Lines(pinnedError)[0], StringComparison.Ordinal);
        Assert.Equal(1, unknown);
        Assert.StartsWith("record 1: rejected: unknown_format: the sr-format header names no supported format",
            Lines(unknownError)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_uses_the_inputs_settings_from_configuration()
    {
        var file = Write("twilio.txt", Fixtures.TwilioInbound + "\n");

        var (code, _, error) = Parse(file, "--Inputs:MaxRecordBytes=100");

        Assert.Equal(1, code);
        Assert.StartsWith("record 1: rejected: oversize: record of", Lines(error)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_reads_standard_input_for_a_dash()
    {
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(Fixtures.SinchReport.ReplaceLineEndings(" ")));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = ParseCommand.Run(["-"], stdin, output, error, new FakeTimeProvider(Now));

        Assert.Equal(0, code);
        Assert.Equal(ExpectedEvents(Fixtures.SinchReport), Lines(output.ToString()));
    }

    [Fact]
    public void Parse_without_a_file_or_with_a_missing_one_is_a_usage_error()
    {
        Assert.Equal(2, Parse().Code);
        Assert.Equal(2, Parse(Path.Combine(_directory, "absent.txt")).Code);
    }

    [Theory]
    [InlineData("opt_out  keyword  STOP", "STOP")]
    [InlineData("opt_out  natural_language:stop_contacting", "please", "stop", "texting", "me")]
    [InlineData("reply  no_keyword", "can you stop by tomorrow?")]
    [InlineData("help  keyword  HELP", "help")]
    [InlineData("opt_out  provider_flag:flag  STOP", "--provider-flag", "STOP", "thanks")]
    public void Classify_prints_the_class_the_reason_and_the_keyword(string expected, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = ClassifyCommand.Run(args, output, error);

        Assert.Equal(0, code);
        Assert.Equal([expected], Lines(output.ToString()));
    }

    [Fact]
    public void Classify_without_text_is_a_usage_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, ClassifyCommand.Run([], output, error));
        Assert.StartsWith("usage:", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>What the normalise stage would write to the internal topic for the same bytes.</summary>
    private static List<string> ExpectedEvents(string payload) =>
    [
        .. new RecordParser(new RecordParserOptions(), new FakeTimeProvider(Now))
            .Parse(new RawRecord(Encoding.UTF8.GetBytes(payload), Now))
            .Events.Select(e => Encoding.UTF8.GetString(CanonicalEventJson.Serialize(e))),
    ];

    private static string ExpectedJson(string payload) => Assert.Single(ExpectedEvents(payload));

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];

    private (int Code, string Output, string Error) Parse(params string[] args)
    {
        using var stdin = new MemoryStream();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ParseCommand.Run(args, stdin, output, error, new FakeTimeProvider(Now));
        return (code, output.ToString(), error.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
