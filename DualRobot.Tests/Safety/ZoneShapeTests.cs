namespace DualRobot.Tests.Safety;

/// <summary>What makes a keep-out zone well formed: one shape, finite coordinates, a simple polygon of 3 to 32 points.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ZoneShapeTests
{
    [Fact]
    public void Rectangle_AndSimplePolygons_AreWellFormed()
    {
        Assert.Empty(ZoneShape.Problems(new ZoneRectangle(0, 0, 1, 0.5), null));
        Assert.Empty(ZoneShape.Problems(null, Points((0, 0), (1, 0), (0.5, 1))));

        // Concave (an L) is fine: only crossings are not.
        Assert.Empty(ZoneShape.Problems(null, Points((0, 0), (2, 0), (2, 1), (1, 1), (1, 2), (0, 2))));
    }

    [Fact]
    public void SelfCrossingPolygon_IsRefused_NamingTheEdges()
    {
        // A bow tie: edge 0–1 crosses edge 2–3.
        var problems = ZoneShape.Problems(null, Points((0, 0), (1, 1), (1, 0), (0, 1))).ToList();

        var (field, message) = Assert.Single(problems);
        Assert.Equal("polygon", field);
        Assert.Contains("crosses itself", message);
        Assert.Contains("edge 0–1", message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(33)]
    public void TooFewOrTooManyPoints_AreRefused(int count)
    {
        var points = Enumerable.Range(0, count).Select(i => new ZonePoint(Math.Cos(i * 2 * Math.PI / count), Math.Sin(i * 2 * Math.PI / count))).ToList();

        var (field, message) = Assert.Single(ZoneShape.Problems(null, points));

        Assert.Equal("polygon", field);
        Assert.Contains("3 to 32 points", message);
    }

    [Fact]
    public void ThirtyTwoPoints_OnACircle_AreFine() =>
        Assert.Empty(ZoneShape.Problems(null, Enumerable.Range(0, 32).Select(i => new ZonePoint(Math.Cos(i * Math.PI / 16), Math.Sin(i * Math.PI / 16))).ToList()));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteCoordinates_AreRefused_NamingThePoint(double bad)
    {
        var polygon = ZoneShape.Problems(null, [new(0, 0), new(bad, 0), new(0, 1)]).ToList();
        var rectangle = ZoneShape.Problems(new ZoneRectangle(0, bad, 1, 1), null).ToList();

        Assert.Equal(("polygon[1].x", "Must be a finite number."), Assert.Single(polygon));
        Assert.Equal(("rectangle.minY", "Must be a finite number."), Assert.Single(rectangle));
    }

    [Fact]
    public void MissingCoordinates_FarCoordinates_AndEmptyRectangles_AreRefused()
    {
        Assert.Equal("polygon[2].y", Assert.Single(ZoneShape.Problems(null, [new(0, 0), new(1, 0), new(0, null)])).Field);
        Assert.Equal("rectangle.maxX", Assert.Single(ZoneShape.Problems(new ZoneRectangle(0, 0, 1e6, 1), null)).Field);
        Assert.Equal(("rectangle.maxX", "Must be greater than minX."), Assert.Single(ZoneShape.Problems(new ZoneRectangle(1, 0, 1, 1), null)));
    }

    [Fact]
    public void DegeneratePolygons_AreRefused()
    {
        Assert.Contains("same point", Assert.Single(ZoneShape.Problems(null, Points((0, 0), (0, 0), (1, 1)))).Message);

        // Three points on a line fold back on themselves.
        Assert.Contains("crosses itself", Assert.Single(ZoneShape.Problems(null, Points((0, 0), (1, 0), (2, 0)))).Message);
    }

    [Fact]
    public void BothShapes_OrNeither_IsABodyProblem()
    {
        Assert.Equal(RequestFields.Body, Assert.Single(ZoneShape.Problems(null, null)).Field);
        Assert.Equal(RequestFields.Body, Assert.Single(ZoneShape.Problems(new ZoneRectangle(0, 0, 1, 1), Points((0, 0), (1, 0), (0, 1)))).Field);
    }

    [Theory]
    [InlineData("Stairs", true)]
    [InlineData("Cable run 2", true)]
    [InlineData("", false)]
    [InlineData(" Stairs", false)]
    [InlineData("a/b", false)]
    [InlineData("evil\u202e", false)]
    public void Names_AreLettersDigitsSpacesAndAFewMarks(string name, bool good) =>
        Assert.Equal(good, ZoneShape.NameProblem(name) is null);

    private static List<ZonePoint> Points(params (double X, double Y)[] points) => [.. points.Select(p => new ZonePoint(p.X, p.Y))];
}
