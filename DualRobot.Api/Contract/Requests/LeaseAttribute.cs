using System.ComponentModel.DataAnnotations;

namespace DualRobot.Contract;

/// <summary>
/// Marks a lease in milliseconds. Its range is the api's configuration (<c>Control:MinLeaseMs</c>..<c>MaxLeaseMs</c>),
/// which the api offers as <see cref="LeaseLimits"/>: checked wherever those are known (the api), absent elsewhere.
/// Absent, the lease is <c>Control:DefaultLeaseMs</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LeaseAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is int ms && validationContext.GetService(typeof(LeaseLimits)) is LeaseLimits limits && (ms < limits.MinMs || ms > limits.MaxMs)
            ? new ValidationResult($"Must lie within {limits.MinMs}..{limits.MaxMs} milliseconds.")
            : ValidationResult.Success;
}

/// <summary>The leases a robot accepts, in milliseconds, and the one it takes when a command names none.</summary>
public sealed record LeaseLimits(int MinMs, int MaxMs, int DefaultMs)
{
    public TimeSpan Lease(int? leaseMs) => TimeSpan.FromMilliseconds(leaseMs ?? DefaultMs);
}
