namespace StreamRefiner.Pipeline.Kafka;

/// <summary>
/// The partition a keyed record gets from the Java client's default partitioner, which the normalise stage's
/// producer uses too (<c>murmur2_random</c>): the positive part of the key's murmur2 hash modulo the
/// partition count.
/// </summary>
public static class KeyPartitioner
{
    public static int PartitionFor(ReadOnlySpan<byte> key, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return (int)((Murmur2(key) & 0x7fffffff) % (uint)partitions);
    }

    /// <summary>Kafka's variant of MurmurHash2 (32 bits, seed 0x9747b28c).</summary>
    public static uint Murmur2(ReadOnlySpan<byte> data)
    {
        const uint m = 0x5bd1e995;
        const int r = 24;
        var length = data.Length;
        var h = 0x9747b28c ^ (uint)length;
        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = (uint)(data[4 * i] | (data[(4 * i) + 1] << 8) | (data[(4 * i) + 2] << 16)
                | (data[(4 * i) + 3] << 24));
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        var tail = length & ~3;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                h ^= (uint)data[tail + 1] << 8;
                h ^= data[tail];
                h *= m;
                break;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                h ^= data[tail];
                h *= m;
                break;
            case 1:
                h ^= data[tail];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return h;
    }
}
