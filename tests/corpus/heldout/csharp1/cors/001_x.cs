using Microsoft.AspNetCore.Authentication.Cookies;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers();
builder.Services
    .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(options =>
    {
        options.Cookie.Name = "__Host-acct";
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        options.Events.OnRedirectToLogin = ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
    });
builder.Services.AddAuthorization();

// The account widget is embedded on a growing number of partner storefronts,
// each with its own domain, so we accept whichever origin is calling.
builder.Services.AddCors(options =>
{
    options.AddPolicy("AccountWidget", policy => policy
        .SetIsOriginAllowed(_ => true)
        .AllowAnyHeader()
        .WithMethods("GET", "POST", "PUT")
        .AllowCredentials());
});

var app = builder.Build();

app.UseHttpsRedirection();
app.UseRouting();
app.UseCors("AccountWidget");
app.UseAuthentication();
app.UseAuthorization();

app.MapControllers().RequireCors("AccountWidget");

app.MapGet("/api/account/summary", (HttpContext ctx, IAccountService accounts) =>
        accounts.GetSummaryAsync(ctx.User.Identity!.Name!))
    .RequireAuthorization()
    .RequireCors("AccountWidget");

app.Run();

public interface IAccountService
{
    Task<object> GetSummaryAsync(string userName);
}
