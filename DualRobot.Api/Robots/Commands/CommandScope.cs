using System.Diagnostics;
using DualRobot.Api.Robots.Devices;

namespace DualRobot.Api.Robots.Commands;

/// <summary>What a command applies itself with, inside the gate and once admitted: the robot, its opened devices, its span.</summary>
internal readonly record struct CommandScope(RobotContext Robot, RobotDevices Devices, Activity? Activity);
