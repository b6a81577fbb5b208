using System.Buffers.Binary;
using System.Text;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Windows;

namespace StreamRefiner.State;

/// <summary>
/// Packs a <see cref="ContactState"/> into a compact binary value and back (stored-format version 2).
/// </summary>
/// <remarks>
/// Layout: a version byte; a base time (the contact's decision clock, Unix milliseconds as a varint) and every
/// other time as a zigzag varint of the distance from it (whole seconds when exact, else milliseconds; 0 means
/// none); segment and pending names
/// (length-prefixed UTF-8); sequence and applied offset + 1 as varints; a flags byte. Then, per signal, its
/// last-seen time and its buckets: day buckets and hourly buckets each as a varint count, the first bucket's
/// start (days or hours since 2020-01-01) and, per bucket, one varint of (gap from the previous bucket × 8 +
/// min(count - 1, 7)), followed by a varint of the remainder when the count is 8 or more — one byte for most
/// buckets; a signal whose buckets equal the previous signal's (deliveries after sends) is a single flag. Then segment
/// exits (name, time), attributes (name, value) and the deduplication ring (4-byte
/// hashes with times). Times keep full millisecond precision, so a stored contact decides exactly as one held
/// in memory.
/// </remarks>
public static class ContactStateCodec
{
    /// <summary>The stored-format version this codec writes.</summary>
    public const byte Version = 2;

    private const int HoursPerDay = 24;
    private static readonly int EpochHour = (int)(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)
        - DateTimeOffset.UnixEpoch).TotalHours;

    public static byte[] Encode(ContactState state)
    {
        var writer = new Writer();
        writer.Byte(Version);
        var baseTime = state.EvaluatedAt ?? state.FirstSeen ?? DateTimeOffset.UnixEpoch;
        writer.Varint((ulong)baseTime.ToUnixTimeMilliseconds());
        writer.Byte((byte)((state.EvaluatedAt is null ? 0 : 1) | (state.OptedOut ? 2 : 0)));
        writer.String(state.Segment);
        writer.Time(state.SegmentSince, baseTime);
        writer.String(state.Pending);
        writer.Time(state.PendingSince, baseTime);
        writer.Varint((ulong)state.Sequence);
        writer.Varint((ulong)(state.AppliedOffset + 1));
        writer.Time(state.FirstSeen, baseTime);
        writer.Time(state.ConsentChangedAt, baseTime);
        writer.Time(state.Due, baseTime);

        writer.Byte((byte)state.Windows.Length);
        for (var s = 0; s < state.Windows.Length; s++)
        {
            writer.Time(state.LastSeen[s], baseTime);
            var buckets = state.Windows[s].Buckets;

            // Most sends are delivered the same day: a signal whose buckets equal the previous signal's costs a byte.
            if (s > 0 && buckets.Count > 0 && buckets.SequenceEqual(state.Windows[s - 1].Buckets))
            {
                writer.Varint(1);
                continue;
            }

            var days = buckets.Where(b => b.IsDay)
                .Select(b => ((b.StartHour - EpochHour) / HoursPerDay, b.Count))
                .ToList();
            writer.Varint((ulong)days.Count << 1);
            WriteBuckets(writer, days, withCount: false);
            WriteBuckets(writer, [.. buckets.Where(b => !b.IsDay).Select(b => (b.StartHour - EpochHour, b.Count))]);
        }

        writer.Varint((ulong)state.LeftAt.Count);
        foreach (var (segment, at) in state.LeftAt.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.String(segment);
            writer.Time(at, baseTime);
        }

        writer.Varint((ulong)state.Attributes.Count);
        foreach (var (name, value) in state.Attributes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.String(name);
            writer.String(value);
        }

        writer.Varint((ulong)state.Recent.Entries.Count);
        foreach (var (hash, at) in state.Recent.Entries)
        {
            writer.UInt32(hash);
            writer.Time(DateTimeOffset.FromUnixTimeMilliseconds(at), baseTime);
        }

        return writer.ToArray();
    }

    public static ContactState Decode(ReadOnlySpan<byte> data)
    {
        var reader = new Reader(data);
        var version = reader.Byte();
        if (version != Version)
        {
            throw new InvalidDataException($"contact state version {version} is not supported (expected {Version})");
        }

        var baseTime = DateTimeOffset.FromUnixTimeMilliseconds((long)reader.Varint());
        var flags = reader.Byte();
        var state = new ContactState
        {
            EvaluatedAt = (flags & 1) != 0 ? baseTime : null,
            OptedOut = (flags & 2) != 0,
            Segment = reader.String(),
            SegmentSince = reader.Time(baseTime),
            Pending = reader.String(),
            PendingSince = reader.Time(baseTime),
            Sequence = (long)reader.Varint(),
            AppliedOffset = (long)reader.Varint() - 1,
            FirstSeen = reader.Time(baseTime),
            ConsentChangedAt = reader.Time(baseTime),
            Due = reader.Time(baseTime),
        };

        var signals = reader.Byte();
        IReadOnlyList<Bucket> previous = [];
        for (var s = 0; s < signals; s++)
        {
            var lastSeen = reader.Time(baseTime);
            var header = reader.Varint();
            IReadOnlyList<Bucket> buckets;
            if ((header & 1) == 1)
            {
                buckets = previous;
            }
            else
            {
                var days = ReadBuckets(ref reader, (int)(header >> 1));
                var hours = ReadBuckets(ref reader, (int)reader.Varint());
                buckets = [.. days.Select(d => new Bucket(EpochHour + d.Start * HoursPerDay, d.Count, IsDay: true))
                    .Concat(hours.Select(h => new Bucket(EpochHour + h.Start, h.Count, IsDay: false)))
                    .OrderBy(b => b.StartHour).ThenBy(b => b.IsDay)];
            }

            previous = buckets;
            if (s >= state.Windows.Length)
            {
                continue;
            }

            state.LastSeen[s] = lastSeen;
            foreach (var bucket in buckets)
            {
                state.Windows[s].Restore(bucket);
            }
        }

        var exits = (int)reader.Varint();
        for (var i = 0; i < exits; i++)
        {
            var segment = reader.String() ?? string.Empty;
            state.LeftAt[segment] = reader.Time(baseTime) ?? baseTime;
        }

        var attributes = (int)reader.Varint();
        for (var i = 0; i < attributes; i++)
        {
            var name = reader.String() ?? string.Empty;
            state.Attributes[name] = reader.String() ?? string.Empty;
        }

        var entries = (int)reader.Varint();
        for (var i = 0; i < entries; i++)
        {
            var hash = reader.UInt32();
            state.Recent.Restore(hash, (reader.Time(baseTime) ?? baseTime).ToUnixTimeMilliseconds());
        }

        return state;
    }

    /// <summary>Writes the buckets; the day list's count is written by the caller (it carries a flag).</summary>
    private static void WriteBuckets(Writer writer, List<(int Start, int Count)> list, bool withCount = true)
    {
        if (withCount)
        {
            writer.Varint((ulong)list.Count);
        }

        var previous = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var (start, count) = list[i];
            // The first start may precede 2020 (zigzag); later ones only add a non-negative gap.
            var gap = i == 0 ? Zigzag(start) : (ulong)(start - previous);
            var small = Math.Min(count - 1, 7);
            writer.Varint((gap << 3) | (uint)small);
            if (small == 7)
            {
                writer.Varint((ulong)(count - 8));
            }

            previous = start;
        }
    }

    private static List<(int Start, int Count)> ReadBuckets(ref Reader reader, int count)
    {
        var buckets = new List<(int, int)>(count);
        var previous = 0;
        for (var i = 0; i < count; i++)
        {
            var packed = reader.Varint();
            var start = i == 0 ? (int)Unzigzag(packed >> 3) : previous + (int)(packed >> 3);
            var small = (int)(packed & 7);
            var bucketCount = small == 7 ? 8 + (int)reader.Varint() : small + 1;
            buckets.Add((start, bucketCount));
            previous = start;
        }

        return buckets;
    }

    private static ulong Zigzag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long Unzigzag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private sealed class Writer
    {
        private readonly List<byte> _buffer = new(160);

        public void Byte(byte value) => _buffer.Add(value);

        public void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer.Add((byte)(value | 0x80));
                value >>= 7;
            }

            _buffer.Add((byte)value);
        }

        /// <summary>
        /// 0 for none; else one plus the zigzag of (at - base), in whole seconds with the low bit set when it is
        /// a whole number of seconds (most provider times are), in milliseconds with the low bit clear otherwise.
        /// </summary>
        public void Time(DateTimeOffset? at, DateTimeOffset baseTime)
        {
            if (at is not { } value)
            {
                Varint(0);
                return;
            }

            var milliseconds = (value - baseTime).Ticks / TimeSpan.TicksPerMillisecond;
            var packed = milliseconds % 1000 == 0
                ? (Zigzag(milliseconds / 1000) << 1) | 1
                : Zigzag(milliseconds) << 1;
            Varint(packed + 1);
        }

        public void String(string? value)
        {
            var bytes = Encoding.UTF8.GetBytes(value ?? string.Empty);
            Varint((ulong)bytes.Length);
            _buffer.AddRange(bytes);
        }

        public void UInt32(uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            _buffer.AddRange(bytes);
        }

        public byte[] ToArray() => [.. _buffer];
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public byte Byte() => _data[_position++];

        public uint UInt32()
        {
            var value = BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(_position, 4));
            _position += 4;
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

        public DateTimeOffset? Time(DateTimeOffset baseTime)
        {
            var raw = Varint();
            if (raw == 0)
            {
                return null;
            }

            var packed = raw - 1;
            var value = Unzigzag(packed >> 1);
            return baseTime.AddMilliseconds((packed & 1) == 1 ? value * 1000 : value);
        }
    }
}
