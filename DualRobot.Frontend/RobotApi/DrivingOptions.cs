using System.ComponentModel.DataAnnotations;

namespace DualRobot.Frontend.RobotApi;

/// <summary>The <c>Driving</c> section: how the page's inputs drive.</summary>
public sealed class DrivingOptions
{
    public const string SectionName = "Driving";

    /// <summary>
    /// How gentle a key arc is (W+A, I+L...): its angular velocity as a share of its linear one. The sides run at
    /// speed × (1 ∓ turn), a circle of radius wheel base ÷ (2 × turn) at any speed: 0.54 m with the default 15 cm wheel
    /// base. Smaller is gentler; 1 pivots about the inner wheel (what a robot without enable pins always does).
    /// </summary>
    [Range(0.01, 1)]
    public double KeyArcTurn { get; set; } = 0.14;
}
