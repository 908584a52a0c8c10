namespace DualRobot.Api.Apis.Requests;

/// <summary>
/// Marks a lease in milliseconds. Its range is configuration (<c>Control:MinLeaseMs</c>..<c>MaxLeaseMs</c>), so
/// <see cref="RequestSchemaTransformer"/> writes it into the OpenAPI document and <see cref="RequestValidation"/>
/// checks it; absent, the lease is <c>Control:DefaultLeaseMs</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LeaseAttribute : Attribute;
