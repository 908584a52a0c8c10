using System.Text;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots;
using Prometheus;

namespace DualRobot.Tests.Observability;

/// <summary>
/// The robot metrics are .NET instruments; /metrics must still carry the families the Grafana dashboard and the alert
/// rules were written against: the same names, types, help and labels (in the same order) as before the move.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class RobotMetricsExpositionTests
{
    [Fact]
    public async Task Exposition_KeepsEveryFamilysNameTypeHelpAndLabels()
    {
        var text = await ExpositionAsync(metrics =>
        {
            metrics.CountCommand("Linus", RobotActions.Drive, CommandOutcomes.RateLimited);
            metrics.SetSpeed("Linus", 0.5);
            metrics.SetServoAngle("Linus", 1, 30);
            metrics.ObserveGpioWrite("Simulated", TimeSpan.FromMilliseconds(2));
            metrics.CountDeadmanStop("Linus");
            metrics.CountEmergencyStop();
            metrics.SetEmergencyStopLatched(true);
            metrics.SetBackendConnected("Linus", "Simulated", true);
            metrics.CountReconnect("Linus");
            metrics.CountWatchdogFires("Linus", 2);
            metrics.SetSides("Linus", 0.75, -0.25);
            metrics.SetPose("Linus", 1.5, -0.5, 0.25);
        });

        Assert.Contains(Family(RobotMetrics.CommandsTotal, "counter", "Commands received, by robot, action and outcome."), text);
        Assert.Contains(Family(RobotMetrics.Motion, "gauge", "1 for the robot's current motion, 0 for the others."), text);
        Assert.Contains(Family(RobotMetrics.Speed, "gauge", "Motor speed (PWM duty) of robots with enable pins, 0..1."), text);
        Assert.Contains(Family(RobotMetrics.Eye, "gauge", "1 for the eye's current mode (off, on, blink), 0 for the others."), text);
        Assert.Contains(Family(RobotMetrics.ServoAngle, "gauge", "Last commanded servo angle in degrees."), text);
        Assert.Contains(Family(RobotMetrics.GpioWriteDuration, "histogram", "Time to apply one command's pin writes, by backend."), text);
        Assert.Contains(Family(RobotMetrics.DeadmanStopsTotal, "counter", "Stops made by the api because a motion's lease expired."), text);
        Assert.Contains(Family(RobotMetrics.WatchdogFiresTotal, "counter",
            "Stops made on the robot by its own watchdog (pigpio script): no command reached it within lease + margin."), text);
        Assert.Contains(Family(RobotMetrics.EmergencyStopsTotal, "counter", "Emergency stops latched."), text);
        Assert.Contains(Family(RobotMetrics.EmergencyStopLatched, "gauge", "1 while the emergency stop is latched."), text);
        Assert.Contains(Family(RobotMetrics.BackendConnected, "gauge", "1 while the robot's GPIO backend is reachable."), text);
        Assert.Contains(Family(RobotMetrics.BackendReconnectsTotal, "counter", "Times the robot's backend came back after a loss."), text);

        Assert.Contains(Family(RobotMetrics.SideOutput, "gauge", "Applied output of each side, -1..1 (negative backwards)."), text);
        Assert.Contains(Family(RobotMetrics.PoseX, "gauge", "Estimated x from the start, metres (forward at heading 0)."), text);
        Assert.Contains(Family(RobotMetrics.PoseY, "gauge", "Estimated y from the start, metres (to the left at heading 0)."), text);
        Assert.Contains(Family(RobotMetrics.PoseHeading, "gauge", "Estimated heading, radians counter-clockwise, -pi..pi."), text);
        Assert.Contains("dualrobot_robot_side_output{robot=\"Linus\",side=\"left\"} 0.75\n", text);
        Assert.Contains("dualrobot_robot_side_output{robot=\"Linus\",side=\"right\"} -0.25\n", text);
        Assert.Contains("dualrobot_robot_pose_x_meters{robot=\"Linus\"} 1.5\n", text);
        Assert.Contains("dualrobot_robot_pose_y_meters{robot=\"Linus\"} -0.5\n", text);
        Assert.Contains("dualrobot_robot_pose_heading_radians{robot=\"Linus\"} 0.25\n", text);
        Assert.Contains("dualrobot_commands_total{robot=\"Linus\",action=\"drive\",outcome=\"rate_limited\"} 1\n", text);
        Assert.Contains("dualrobot_commands_total{robot=\"Linus\",action=\"heartbeat\",outcome=\"accepted\"} 0\n", text);
        Assert.Contains("dualrobot_robot_motion{robot=\"Linus\",direction=\"stop\"} 1\n", text);
        Assert.Contains("dualrobot_robot_motion{robot=\"Linus\",direction=\"forward\"} 0\n", text);
        Assert.Contains("dualrobot_robot_speed{robot=\"Linus\"} 0.5\n", text);
        Assert.Contains("dualrobot_robot_eye{robot=\"Linus\",state=\"off\"} 1\n", text);
        Assert.Contains("dualrobot_robot_servo_angle_degrees{robot=\"Linus\",servo=\"0\"} 0\n", text);
        Assert.Contains("dualrobot_robot_servo_angle_degrees{robot=\"Linus\",servo=\"1\"} 30\n", text);
        Assert.Contains("dualrobot_gpio_write_duration_seconds_bucket{backend=\"Simulated\",le=\"0.0025\"} 1\n", text);
        Assert.Contains("dualrobot_gpio_write_duration_seconds_bucket{backend=\"Simulated\",le=\"0.001\"} 0\n", text);
        Assert.Contains("dualrobot_gpio_write_duration_seconds_count{backend=\"Simulated\"} 1\n", text);
        Assert.Contains("dualrobot_deadman_stops_total{robot=\"Linus\"} 1\n", text);
        Assert.Contains("dualrobot_watchdog_fires_total{robot=\"Linus\"} 2\n", text);
        Assert.Contains("dualrobot_emergency_stops_total 1\n", text);
        Assert.Contains("dualrobot_emergency_stop_latched 1\n", text);
        Assert.Contains("dualrobot_backend_connected{robot=\"Linus\",backend=\"Simulated\"} 1\n", text);
        Assert.Contains("dualrobot_backend_reconnects_total{robot=\"Linus\"} 1\n", text);
    }

    [Fact]
    public async Task Register_CreatesEverySeriesAtZero_BeforeAnyCommand()
    {
        var text = await ExpositionAsync(_ => { });

        Assert.Contains("dualrobot_commands_total{robot=\"Linus\",action=\"servo\",outcome=\"unavailable\"} 0\n", text);
        Assert.Contains("dualrobot_commands_total{robot=\"Linus\",action=\"velocity\",outcome=\"accepted\"} 0\n", text);
        Assert.Contains("dualrobot_robot_motion{robot=\"Linus\",direction=\"velocity\"} 0\n", text);
        Assert.Contains("dualrobot_robot_side_output{robot=\"Linus\",side=\"left\"} 0\n", text);
        Assert.Contains("dualrobot_robot_pose_heading_radians{robot=\"Linus\"} 0\n", text);
        Assert.Contains("dualrobot_deadman_stops_total{robot=\"Linus\"} 0\n", text);
        Assert.Contains("dualrobot_watchdog_fires_total{robot=\"Linus\"} 0\n", text);
        Assert.Contains("dualrobot_backend_reconnects_total{robot=\"Linus\"} 0\n", text);
        Assert.Contains("dualrobot_emergency_stops_total 0\n", text);
        Assert.Contains("dualrobot_emergency_stop_latched 0\n", text);
        Assert.Contains("dualrobot_backend_connected{robot=\"Linus\",backend=\"Simulated\"} 0\n", text);
        Assert.Contains("dualrobot_gpio_write_duration_seconds_count{backend=\"Simulated\"} 0\n", text);
        Assert.Contains("dualrobot_robot_servo_angle_degrees{robot=\"Linus\",servo=\"1\"} 0\n", text);
    }

    [RequiresToolFact(Tools.Promtool)]
    public async Task PromtoolCheckMetrics_AcceptsTheRobotFamilies()
    {
        var text = await ExpositionAsync(metrics => metrics.ObserveGpioWrite("Simulated", TimeSpan.FromMilliseconds(1)));

        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(Tools.Require(Tools.Promtool), ["check", "metrics"], standardInput: text);

        Assert.True(exit == 0, $"promtool check metrics exited {exit}:\n{stdout}\n{stderr}\n{text}");
    }

    private static string Family(string name, string type, string help) => $"# HELP {name} {help}\n# TYPE {name} {type}\n";

    private static async Task<string> ExpositionAsync(Action<RobotMetrics> record)
    {
        var registry = Metrics.NewCustomRegistry();
        using var metrics = new RobotMetrics(Metrics.WithCustomRegistry(registry));
        metrics.Register("Linus", "Simulated", servoCount: 2, hasSpeedControl: true);
        record(metrics);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
