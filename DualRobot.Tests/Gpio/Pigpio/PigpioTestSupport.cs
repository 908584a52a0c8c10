using DualRobot.Api.Gpio;
using DualRobot.Api.Gpio.Pigpio;
using DualRobot.TestSupport.PigpioEmulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualRobot.Tests.Gpio.Pigpio;

/// <summary>Backends against the emulator with short timeouts, and awaitable connection changes (no sleeps).</summary>
internal static class PigpioTestSupport
{
    /// <summary>A bound on every wait so a broken test fails instead of hanging; never an assertion on speed.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    public static PigpioOptions FastOptions(TimeSpan? commandTimeout = null) => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(2),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    public static PigpioGpioBackend CreateBackend(int port, PigpioOptions? options = null, MotorPins? motors = null) =>
        new("127.0.0.1", port, options ?? FastOptions(), NullLogger<PigpioGpioBackend>.Instance, motors: motors);

    /// <summary>A started backend, connected, with the emulator's request log cleared.</summary>
    /// <param name="motors">The motor pins of its watchdog script; null for none.</param>
    public static async Task<PigpioGpioBackend> StartConnectedAsync(PigpioEmulator emulator, PigpioOptions? options = null, MotorPins? motors = null)
    {
        var backend = CreateBackend(emulator.Port, options, motors);
        var connected = WaitForConnection(backend, true);
        backend.Start();
        await connected;
        emulator.ClearRequests(); // the connection's handshake (HWVER); tests count what comes after
        return backend;
    }

    /// <summary>Completes when <paramref name="backend"/> reports <paramref name="connected"/> (at once if it already is).</summary>
    public static Task WaitForConnection(GpioBackend backend, bool connected)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(object? sender, bool value)
        {
            if (value == connected)
            {
                completion.TrySetResult();
            }
        }

        backend.ConnectionChanged += Handler;
        if (backend.IsConnected == connected)
        {
            completion.TrySetResult();
        }

        return completion.Task.WaitAsync(Generous).ContinueWith(
            t =>
            {
                backend.ConnectionChanged -= Handler;
                return t;
            },
            TaskScheduler.Default).Unwrap();
    }

    public static string Describe(IEnumerable<PigpioEmulatorRequest> requests) => string.Join(", ", requests);
}
