using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

public class AccountController : Controller
{
    [HttpPost]
    public async Task<IActionResult> Login(LoginViewModel model, string returnUrl)
    {
        await SignInAsync(model);
        // ruleid: cs-open-redirect
        return Redirect(returnUrl);
    }

    [HttpPost]
    public async Task<IActionResult> LoginLocal(LoginViewModel model, string returnUrl)
    {
        await SignInAsync(model);
        // ok: cs-open-redirect
        return LocalRedirect(returnUrl);
    }

    [HttpPost]
    public async Task<IActionResult> LoginChecked(LoginViewModel model, string returnUrl)
    {
        await SignInAsync(model);
        if (Url.IsLocalUrl(returnUrl))
        {
            // ok: cs-open-redirect
            return Redirect(returnUrl);
        }
        return RedirectToAction("Index", "Home");
    }

    [HttpGet]
    public IActionResult Logout([FromQuery] string next)
    {
        // ruleid: cs-open-redirect
        return new RedirectResult(next);
    }

    [HttpGet]
    public IActionResult Order([FromQuery] string id)
    {
        // ok: cs-open-redirect
        return Redirect($"/orders/{id}");
    }

    [HttpGet]
    public IActionResult Back(string returnUrl)
    {
        if (!Url.IsLocalUrl(returnUrl))
        {
            returnUrl = "/";
        }
        // ok: cs-open-redirect
        return Redirect(returnUrl);
    }

    [HttpGet]
    public IActionResult External(string returnUrl)
    {
        // ruleid: cs-open-redirect
        return Redirect(returnUrl ?? "/");
    }

    private Task SignInAsync(LoginViewModel model) => Task.CompletedTask;
}

public class ContinueModel : PageModel
{
    public IActionResult OnGet(string to)
    {
        // ruleid: cs-open-redirect
        Response.Redirect(to);
        return new EmptyResult();
    }
}

public static class LinkEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/go", (HttpContext ctx) =>
        {
            var target = ctx.Request.Query["url"].ToString();
            // ruleid: cs-open-redirect
            return Results.Redirect(target);
        });

        app.MapGet("/go-local", (string url) =>
        {
            // ok: cs-open-redirect
            return Results.LocalRedirect(url);
        });
    }
}
