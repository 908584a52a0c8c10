using DualRobot.Api.Apis;
using DualRobot.Api.Extensions;
using DualRobot.Api.Operators;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRobotControl();

var app = builder.Build();

// HTTP metrics outermost, so a request whose body failed to bind is counted with the status it was answered with.
app.UseDefaultHttpMetrics();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseOperatorIdentity();
app.UseAuthorization();
app.UseDeclaredBodyLimits();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapRobotsApi();
app.MapGroupsApi();
app.MapEmergencyStopApi();
app.MapAuditApi();
app.MapRecordingsApi();
app.MapZonesApi();

return await app.RunAsRobotOwnerAsync();
