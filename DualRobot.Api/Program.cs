using DualRobot.Api.Apis;
using DualRobot.Api.Extensions;
using DualRobot.Api.Operators;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRobotControl();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultHttpMetrics();
app.UseAuthentication();
app.UseOperatorIdentity();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapRobotsApi();
app.MapEmergencyStopApi();
app.MapAuditApi();

app.Run();
