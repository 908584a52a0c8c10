using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace DualRobot.Contract;

/// <summary>
/// <c>PUT /zones/{name}</c>: <c>{"rectangle":{"minX":1,"minY":-0.5,"maxX":1.5,"maxY":0.5}}</c> or
/// <c>{"polygon":[{"x":0,"y":1},{"x":1,"y":1},{"x":0.5,"y":1.8}],"robot":"Linus"}</c>, in metres in the arena's frame;
/// without <c>robot</c> it keeps out every robot. The rules are <see cref="ZoneShape"/>'s.
/// </summary>
public sealed record ZoneRequest(
    [property: Description("The one robot the zone keeps out; absent keeps out every robot.")] string? Robot = null,
    [property: Description("An axis-aligned rectangle, metres; not with polygon.")] ZoneRectangle? Rectangle = null,
    [property: Description("3 to 32 corners in order, metres, edges not crossing; not with rectangle.")] IReadOnlyList<ZonePoint>? Polygon = null)
    : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ZoneShape.Problems(Rectangle, Polygon).Select(problem => new ValidationResult(problem.Message, [problem.Field]));
}
