using System.Buffers.Binary;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>
/// pigpiod's little-endian frames: cmd, p1, p2, p3 and p3 bytes of extension out; cmd, p1, p2, res back, followed by
/// res bytes for the few commands that answer with data (of ours, PROCP: a script's status and parameters).
/// </summary>
internal static class PigpioFraming
{
    /// <summary>PROCP's data: the status and the 10 parameters, each an <c>int32</c>.</summary>
    public const int ScriptStatusSize = 44;

    /// <summary>Whether a successful reply to <paramref name="command"/> is followed by <c>res</c> bytes of data.</summary>
    public static bool HasReplyData(PigpioCommand command) => command == PigpioCommand.Procp;

    /// <summary>The bytes <paramref name="requests"/> take on the wire.</summary>
    public static int RequestSize(ReadOnlySpan<PigpioRequest> requests)
    {
        var size = 0;
        foreach (var request in requests)
        {
            size += request.Size;
        }

        return size;
    }

    /// <summary>The most bytes the replies to <paramref name="requests"/> can take, data included.</summary>
    public static int MaxReplySize(ReadOnlySpan<PigpioRequest> requests)
    {
        var size = 0;
        foreach (var request in requests)
        {
            size += PigpioRequest.FrameSize + (HasReplyData(request.Command) ? ScriptStatusSize : 0);
        }

        return size;
    }

    /// <summary>Writes every request, its extension after its frame, into <paramref name="buffer"/> (<see cref="RequestSize"/> bytes).</summary>
    public static void WriteRequests(ReadOnlySpan<PigpioRequest> requests, Span<byte> buffer)
    {
        var offset = 0;
        foreach (var request in requests)
        {
            var frame = buffer.Slice(offset, PigpioRequest.FrameSize);
            BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)request.Command);
            BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], request.P1);
            BinaryPrimitives.WriteUInt32LittleEndian(frame[8..], request.P2);
            BinaryPrimitives.WriteUInt32LittleEndian(frame[12..], (uint)request.Extension.Length);
            request.Extension.Span.CopyTo(buffer[(offset + PigpioRequest.FrameSize)..]);
            offset += request.Size;
        }
    }

    /// <summary>The command a reply echoes and its result (negative: a pigpio error code).</summary>
    public static (uint Echoed, int Result) ReadReply(ReadOnlySpan<byte> frame) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(frame), BinaryPrimitives.ReadInt32LittleEndian(frame[12..]));
}
