using System.Buffers.Binary;
using System.Text;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Windows;

namespace StreamRefiner.State;

/// <summary>
/// Packs a <see cref="ContactState"/> into a compact binary value and back.
/// </summary>
/// <remarks>
/// Layout, version 1: a version byte; segment and pending names (length-prefixed UTF-8, empty = none);
/// times as unsigned varints of Unix milliseconds + 1 (0 = none); sequence and applied offset + 1 as varints;
/// a flags byte; per signal, its buckets as (hour delta from the previous bucket × 2 + day flag, count) varint
/// pairs; the deduplication ring as 8-byte hashes with varint times; the last-seen time per signal; when the
/// contact last left each segment (name, time); and attributes (name, value).
/// </remarks>
public static class ContactStateCodec
{
    /// <summary>The stored-format version this codec writes.</summary>
    public const byte Version = 1;

    public static byte[] Encode(ContactState state)
    {
        var buffer = new List<byte>(128) { Version };
        WriteString(buffer, state.Segment);
        WriteTime(buffer, state.SegmentSince);
        WriteString(buffer, state.Pending);
        WriteTime(buffer, state.PendingSince);
        WriteVarint(buffer, (ulong)state.Sequence);
        WriteVarint(buffer, (ulong)(state.AppliedOffset + 1));
        WriteTime(buffer, state.FirstSeen);
        WriteTime(buffer, state.LastEngagement);
        WriteTime(buffer, state.EvaluatedAt);
        WriteTime(buffer, state.ConsentChangedAt);
        WriteTime(buffer, state.Due);
        buffer.Add(state.OptedOut ? (byte)1 : (byte)0);

        buffer.Add((byte)state.Windows.Length);
        foreach (var window in state.Windows)
        {
            WriteVarint(buffer, (ulong)window.Buckets.Count);
            var previous = 0;
            foreach (var bucket in window.Buckets)
            {
                var delta = (ulong)(bucket.StartHour - previous);
                WriteVarint(buffer, (delta << 1) | (bucket.IsDay ? 1UL : 0UL));
                WriteVarint(buffer, (ulong)bucket.Count);
                previous = bucket.StartHour;
            }
        }

        WriteVarint(buffer, (ulong)state.Recent.Entries.Count);
        Span<byte> hash = stackalloc byte[8];
        foreach (var (entryHash, at) in state.Recent.Entries)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(hash, entryHash);
            buffer.AddRange(hash);
            WriteVarint(buffer, (ulong)at);
        }

        foreach (var lastSeen in state.LastSeen)
        {
            WriteTime(buffer, lastSeen);
        }

        WriteVarint(buffer, (ulong)state.LeftAt.Count);
        foreach (var (segment, at) in state.LeftAt.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            WriteString(buffer, segment);
            WriteTime(buffer, at);
        }

        WriteVarint(buffer, (ulong)state.Attributes.Count);
        foreach (var (name, value) in state.Attributes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            WriteString(buffer, name);
            WriteString(buffer, value);
        }

        return [.. buffer];
    }

    public static ContactState Decode(ReadOnlySpan<byte> data)
    {
        var reader = new Reader(data);
        var version = reader.Byte();
        if (version != Version)
        {
            throw new InvalidDataException($"contact state version {version} is not supported (expected {Version})");
        }

        var state = new ContactState
        {
            Segment = reader.String(),
            SegmentSince = reader.Time(),
            Pending = reader.String(),
            PendingSince = reader.Time(),
            Sequence = (long)reader.Varint(),
            AppliedOffset = (long)reader.Varint() - 1,
            FirstSeen = reader.Time(),
            LastEngagement = reader.Time(),
            EvaluatedAt = reader.Time(),
            ConsentChangedAt = reader.Time(),
            Due = reader.Time(),
            OptedOut = reader.Byte() == 1,
        };

        var signals = reader.Byte();
        for (var s = 0; s < signals; s++)
        {
            var count = (int)reader.Varint();
            var previous = 0;
            for (var b = 0; b < count; b++)
            {
                var packed = reader.Varint();
                var start = previous + (int)(packed >> 1);
                var bucketCount = (int)reader.Varint();
                if (s < state.Windows.Length)
                {
                    state.Windows[s].Restore(new Bucket(start, bucketCount, (packed & 1) == 1));
                }

                previous = start;
            }
        }

        var entries = (int)reader.Varint();
        for (var i = 0; i < entries; i++)
        {
            var entryHash = reader.UInt64();
            state.Recent.Restore(entryHash, (long)reader.Varint());
        }

        for (var s = 0; s < signals; s++)
        {
            var lastSeen = reader.Time();
            if (s < state.LastSeen.Length)
            {
                state.LastSeen[s] = lastSeen;
            }
        }

        var left = (int)reader.Varint();
        for (var i = 0; i < left; i++)
        {
            var segment = reader.String() ?? string.Empty;
            state.LeftAt[segment] = reader.Time() ?? DateTimeOffset.UnixEpoch;
        }

        var attributes = (int)reader.Varint();
        for (var i = 0; i < attributes; i++)
        {
            var name = reader.String() ?? string.Empty;
            state.Attributes[name] = reader.String() ?? string.Empty;
        }

        return state;
    }

    private static void WriteString(List<byte> buffer, string? value)
    {
        var bytes = Encoding.UTF8.GetBytes(value ?? string.Empty);
        WriteVarint(buffer, (ulong)bytes.Length);
        buffer.AddRange(bytes);
    }

    private static void WriteTime(List<byte> buffer, DateTimeOffset? at) =>
        WriteVarint(buffer, at is { } t ? (ulong)t.ToUnixTimeMilliseconds() + 1 : 0);

    private static void WriteVarint(List<byte> buffer, ulong value)
    {
        while (value >= 0x80)
        {
            buffer.Add((byte)(value | 0x80));
            value >>= 7;
        }

        buffer.Add((byte)value);
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public byte Byte() => _data[_position++];

        public ulong UInt64()
        {
            var value = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_position, 8));
            _position += 8;
            return value;
        }

        public ulong Varint()
        {
            ulong value = 0;
            var shift = 0;
            while (true)
            {
                var b = _data[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }

                shift += 7;
            }
        }

        public string? String()
        {
            var length = (int)Varint();
            if (length == 0)
            {
                return null;
            }

            var text = Encoding.UTF8.GetString(_data.Slice(_position, length));
            _position += length;
            return text;
        }

        public DateTimeOffset? Time()
        {
            var value = Varint();
            return value == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)(value - 1));
        }
    }
}
