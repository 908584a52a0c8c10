namespace DualRobot.Api.Robots.Devices;

internal enum MotorDirection
{
    Off,
    Forward,
    Backward,
}
