using Microsoft.AspNetCore.Authentication.JwtBearer;
using SupportDesk.Api.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddJwtBearer(options =>
    {
        options.Authority = builder.Configuration["Auth:Authority"];
        options.Audience = "support-desk-api";
    });

builder.Services.AddAuthorizationBuilder()
    .AddPolicy("SupportAgent", p => p.RequireAuthenticatedUser().RequireRole("agent", "lead"))
    .AddPolicy("SupportLead", p => p.RequireAuthenticatedUser().RequireRole("lead"));

builder.Services.AddSingleton<ICustomerService, CustomerService>();
builder.Services.AddSingleton<IAccountRecoveryService, AccountRecoveryService>();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health", () => Results.Ok(new { status = "ok" }));

app.MapCustomerEndpoints();
app.MapRecoveryEndpoints();

app.Run();
