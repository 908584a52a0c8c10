using System.Buffers.Binary;

namespace DualRobot.Api.Gpio.Pigpio;

/// <summary>The 16-byte little-endian frames of pigpiod's socket interface: cmd, p1, p2, p3 out; cmd, p1, p2, res back.</summary>
internal static class PigpioFraming
{
    /// <summary>Writes one frame per request into <paramref name="buffer"/> (16 bytes each; p3 is always 0).</summary>
    public static void WriteRequests(ReadOnlySpan<PigpioRequest> requests, Span<byte> buffer)
    {
        for (var i = 0; i < requests.Length; i++)
        {
            var frame = buffer.Slice(i * PigpioRequest.FrameSize, PigpioRequest.FrameSize);
            BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)requests[i].Command);
            BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], requests[i].P1);
            BinaryPrimitives.WriteUInt32LittleEndian(frame[8..], requests[i].P2);
            BinaryPrimitives.WriteUInt32LittleEndian(frame[12..], 0);
        }
    }

    /// <summary>The command a reply echoes and its result (negative: a pigpio error code).</summary>
    public static (uint Echoed, int Result) ReadReply(ReadOnlySpan<byte> frame) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(frame), BinaryPrimitives.ReadInt32LittleEndian(frame[12..]));
}
