using System.Buffers.Binary;
using System.Text;

namespace DualRobot.Api.Recording.Mcap;

/// <summary>
/// Bytes in MCAP's serialization: little-endian integers, strings and byte arrays with a <c>uint32</c> length,
/// records as <c>&lt;opcode&gt;&lt;uint64 length&gt;&lt;content&gt;</c> whose length is filled in once the content is written.
/// </summary>
internal sealed class McapBuffer
{
    private byte[] _bytes = new byte[4096];

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, Length);

    public ReadOnlySpan<byte> WrittenSpan => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void UInt8(byte value) => Take(1)[0] = value;

    public void UInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), value);

    public void UInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);

    public void UInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);

    public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    /// <summary>A <c>String</c>: its UTF-8 byte count as <c>uint32</c>, then the bytes.</summary>
    public void String(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        UInt32((uint)count);
        Encoding.UTF8.GetBytes(value, Take(count));
    }

    /// <summary>A <c>Map&lt;string, string&gt;</c>: the byte length of the entries as <c>uint32</c>, then key, value, ….</summary>
    public void Map(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var start = BeginPrefix32();
        foreach (var (key, value) in entries)
        {
            String(key);
            String(value);
        }

        EndPrefix32(start);
    }

    /// <summary>A <c>Map&lt;uint16, uint64&gt;</c>, keys in ascending order.</summary>
    public void Map(IEnumerable<KeyValuePair<ushort, ulong>> entries)
    {
        var start = BeginPrefix32();
        foreach (var (key, value) in entries.OrderBy(e => e.Key))
        {
            UInt16(key);
            UInt64(value);
        }

        EndPrefix32(start);
    }

    /// <summary>Starts a record; returns where its length goes, for <see cref="EndRecord"/>.</summary>
    public int BeginRecord(McapOpcode opcode)
    {
        UInt8((byte)opcode);
        var lengthAt = Length;
        UInt64(0);
        return lengthAt;
    }

    public void EndRecord(int lengthAt) =>
        BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan(lengthAt), (ulong)(Length - lengthAt - sizeof(ulong)));

    /// <summary>Starts a <c>uint32</c> length-prefixed field (arrays, maps, schema data).</summary>
    public int BeginPrefix32()
    {
        var lengthAt = Length;
        UInt32(0);
        return lengthAt;
    }

    public void EndPrefix32(int lengthAt) =>
        BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(lengthAt), (uint)(Length - lengthAt - sizeof(uint)));

    private Span<byte> Take(int count)
    {
        if (Length + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        }

        var span = _bytes.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
