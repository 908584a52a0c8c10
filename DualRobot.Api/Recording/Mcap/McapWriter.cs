using System.IO.Hashing;

namespace DualRobot.Api.Recording.Mcap;

/// <summary>
/// Writes an MCAP file (mcap.dev/spec, major version 0) to a stream as messages come, so a recording is exported
/// without being held in memory: messages go into uncompressed chunks of about <see cref="ChunkSize"/> bytes, each
/// written with its message indexes as soon as it is full; the summary (schemas, channels, chunk indexes, statistics),
/// the summary offsets and the footer follow at the end. Every CRC the format has is filled in: each chunk's, the data
/// section's (from the leading magic to the Data End record) and the summary's.
/// </summary>
internal sealed class McapWriter(Stream output, string library, string profile = "")
{
    public const int ChunkSize = 256 * 1024;

    private const ulong FooterLength = 8 + 8 + 4; // summary_start, summary_offset_start, summary_crc

    private static readonly byte[] Magic = [0x89, (byte)'M', (byte)'C', (byte)'A', (byte)'P', (byte)'0', (byte)'\r', (byte)'\n'];

    private readonly McapBuffer _out = new();
    private readonly McapBuffer _chunk = new();
    private readonly Crc32 _dataCrc = new();
    private readonly List<(ushort Id, string Name, string Encoding, byte[] Data)> _schemas = [];
    private readonly List<(ushort Id, ushort SchemaId, string Topic, string Encoding, IReadOnlyDictionary<string, string> Metadata)> _channels = [];
    private readonly Dictionary<ushort, ulong> _channelCounts = [];
    private readonly Dictionary<ushort, uint> _sequences = [];
    private readonly SortedDictionary<ushort, List<(ulong Time, ulong Offset)>> _chunkIndex = [];
    private readonly McapBuffer _chunkIndexes = new();
    private long _flushed;
    private ulong _messageCount;
    private uint _chunkCount;
    private ulong _start = ulong.MaxValue;
    private ulong _end;
    private ulong _chunkStart = ulong.MaxValue;
    private ulong _chunkEnd;

    /// <summary>The bytes written so far, and the offset in the file of the next one.</summary>
    private long Position => _flushed + _out.Length;

    /// <summary>The leading magic and the Header record.</summary>
    public void Start()
    {
        _out.Bytes(Magic);
        var header = _out.BeginRecord(McapOpcode.Header);
        _out.String(profile);
        _out.String(library);
        _out.EndRecord(header);
    }

    /// <summary>A schema, written at once; returns its id (from 1).</summary>
    public ushort AddSchema(string name, string encoding, byte[] data)
    {
        var id = checked((ushort)(_schemas.Count + 1));
        _schemas.Add((id, name, encoding, data));
        WriteSchema(_out, _schemas[^1]);
        return id;
    }

    /// <summary>A channel on <paramref name="schemaId"/>, written at once; returns its id (from 0).</summary>
    public ushort AddChannel(ushort schemaId, string topic, string messageEncoding, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var id = checked((ushort)_channels.Count);
        _channels.Add((id, schemaId, topic, messageEncoding, metadata ?? new Dictionary<string, string>()));
        _channelCounts[id] = 0;
        WriteChannel(_out, _channels[^1]);
        return id;
    }

    /// <summary>One message (times in nanoseconds since the Unix epoch); a full chunk is written out first.</summary>
    public async ValueTask WriteMessageAsync(ushort channel, ulong logTime, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, _channels.Count);
        if (!_chunkIndex.TryGetValue(channel, out var index))
        {
            _chunkIndex[channel] = index = [];
        }

        index.Add((logTime, (ulong)_chunk.Length));
        var sequence = _sequences.GetValueOrDefault(channel);
        _sequences[channel] = sequence + 1;
        var message = _chunk.BeginRecord(McapOpcode.Message);
        _chunk.UInt16(channel);
        _chunk.UInt32(sequence);
        _chunk.UInt64(logTime);
        _chunk.UInt64(logTime); // publish time: the same, as the api records when it published
        _chunk.Bytes(data.Span);
        _chunk.EndRecord(message);

        _messageCount++;
        _channelCounts[channel]++;
        _chunkStart = Math.Min(_chunkStart, logTime);
        _chunkEnd = Math.Max(_chunkEnd, logTime);
        if (_chunk.Length >= ChunkSize)
        {
            await FlushChunkAsync(cancellationToken);
        }
    }

    /// <summary>The last chunk, Data End, the summary, the summary offsets, the footer and the trailing magic.</summary>
    public async Task EndAsync(CancellationToken cancellationToken = default)
    {
        await FlushChunkAsync(cancellationToken); // also the data section's last bytes into its CRC
        var dataEnd = _out.BeginRecord(McapOpcode.DataEnd);
        _out.UInt32(_dataCrc.GetCurrentHashAsUInt32());
        _out.EndRecord(dataEnd);

        var summaryStart = Position;
        var summaryFrom = _out.Length;
        var groups = new List<(McapOpcode Opcode, long Start, long Length)>();
        Group(groups, McapOpcode.Schema, () => _schemas.ForEach(schema => WriteSchema(_out, schema)));
        Group(groups, McapOpcode.Channel, () => _channels.ForEach(channel => WriteChannel(_out, channel)));
        Group(groups, McapOpcode.ChunkIndex, () => _out.Bytes(_chunkIndexes.WrittenSpan));
        Group(groups, McapOpcode.Statistics, WriteStatistics);

        var summaryOffsetStart = Position;
        foreach (var (opcode, start, length) in groups.Where(g => g.Length > 0))
        {
            var offset = _out.BeginRecord(McapOpcode.SummaryOffset);
            _out.UInt8((byte)opcode);
            _out.UInt64((ulong)start);
            _out.UInt64((ulong)length);
            _out.EndRecord(offset);
        }

        // The footer's length is written up front: the summary CRC covers it, and everything up to the CRC itself.
        _out.UInt8((byte)McapOpcode.Footer);
        _out.UInt64(FooterLength);
        _out.UInt64((ulong)summaryStart);
        _out.UInt64((ulong)summaryOffsetStart);
        _out.UInt32(Crc32.HashToUInt32(_out.WrittenSpan[summaryFrom..]));
        _out.Bytes(Magic);
        await output.WriteAsync(_out.Written, cancellationToken);
        _flushed += _out.Length;
        _out.Clear();
        await output.FlushAsync(cancellationToken);
    }

    private void Group(List<(McapOpcode, long, long)> groups, McapOpcode opcode, Action write)
    {
        var start = Position;
        write();
        groups.Add((opcode, start, Position - start));
    }

    /// <summary>The chunk and one Message Index per channel in it, then everything buffered goes to the stream.</summary>
    private async Task FlushChunkAsync(CancellationToken cancellationToken)
    {
        if (_chunk.Length > 0)
        {
            var chunkStart = Position;
            var chunk = _out.BeginRecord(McapOpcode.Chunk);
            _out.UInt64(_chunkStart);
            _out.UInt64(_chunkEnd);
            _out.UInt64((ulong)_chunk.Length);
            _out.UInt32(Crc32.HashToUInt32(_chunk.WrittenSpan));
            _out.String(""); // no compression: the writer stays dependency-free, and a recording compresses in transit
            _out.UInt64((ulong)_chunk.Length);
            _out.Bytes(_chunk.WrittenSpan);
            _out.EndRecord(chunk);
            var chunkLength = Position - chunkStart;

            var indexOffsets = new Dictionary<ushort, ulong>();
            var indexesStart = Position;
            foreach (var (channel, entries) in _chunkIndex)
            {
                indexOffsets[channel] = (ulong)Position;
                var index = _out.BeginRecord(McapOpcode.MessageIndex);
                _out.UInt16(channel);
                var array = _out.BeginPrefix32();
                foreach (var (time, offset) in entries)
                {
                    _out.UInt64(time);
                    _out.UInt64(offset);
                }

                _out.EndPrefix32(array);
                _out.EndRecord(index);
            }

            var chunkIndex = _chunkIndexes.BeginRecord(McapOpcode.ChunkIndex);
            _chunkIndexes.UInt64(_chunkStart);
            _chunkIndexes.UInt64(_chunkEnd);
            _chunkIndexes.UInt64((ulong)chunkStart);
            _chunkIndexes.UInt64((ulong)chunkLength);
            _chunkIndexes.Map(indexOffsets);
            _chunkIndexes.UInt64((ulong)(Position - indexesStart));
            _chunkIndexes.String("");
            _chunkIndexes.UInt64((ulong)_chunk.Length);
            _chunkIndexes.UInt64((ulong)_chunk.Length);
            _chunkIndexes.EndRecord(chunkIndex);

            _chunkCount++;
            _start = Math.Min(_start, _chunkStart);
            _end = Math.Max(_end, _chunkEnd);
            _chunk.Clear();
            _chunkIndex.Clear();
            _chunkStart = ulong.MaxValue;
            _chunkEnd = 0;
        }

        _dataCrc.Append(_out.WrittenSpan);
        await output.WriteAsync(_out.Written, cancellationToken);
        _flushed += _out.Length;
        _out.Clear();
    }

    private void WriteStatistics()
    {
        var statistics = _out.BeginRecord(McapOpcode.Statistics);
        _out.UInt64(_messageCount);
        _out.UInt16((ushort)_schemas.Count);
        _out.UInt32((uint)_channels.Count);
        _out.UInt32(0); // attachments
        _out.UInt32(0); // metadata
        _out.UInt32(_chunkCount);
        _out.UInt64(_messageCount == 0 ? 0 : _start);
        _out.UInt64(_end);
        _out.Map(_channelCounts);
        _out.EndRecord(statistics);
    }

    private static void WriteSchema(McapBuffer buffer, (ushort Id, string Name, string Encoding, byte[] Data) schema)
    {
        var record = buffer.BeginRecord(McapOpcode.Schema);
        buffer.UInt16(schema.Id);
        buffer.String(schema.Name);
        buffer.String(schema.Encoding);
        buffer.UInt32((uint)schema.Data.Length);
        buffer.Bytes(schema.Data);
        buffer.EndRecord(record);
    }

    private static void WriteChannel(McapBuffer buffer, (ushort Id, ushort SchemaId, string Topic, string Encoding, IReadOnlyDictionary<string, string> Metadata) channel)
    {
        var record = buffer.BeginRecord(McapOpcode.Channel);
        buffer.UInt16(channel.Id);
        buffer.UInt16(channel.SchemaId);
        buffer.String(channel.Topic);
        buffer.String(channel.Encoding);
        buffer.Map(channel.Metadata);
        buffer.EndRecord(record);
    }
}
