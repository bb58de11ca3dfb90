using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shop.Web.Data;
using Shop.Web.Formatting;

namespace Shop.Web.Controllers;

public sealed class ReviewFormModel
{
    public int Rating { get; set; } = 5;
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
}

public sealed record ReviewViewModel(string Author, int Rating, string Title, string BodyHtml, DateOnly PostedOn);

public sealed record ProductReviewsViewModel(int ProductId, IReadOnlyList<ReviewViewModel> Reviews);

[Route("products/{productId:int}/reviews")]
public sealed class ReviewsController : Controller
{
    private readonly IReviewRepository _reviews;

    public ReviewsController(IReviewRepository reviews) => _reviews = reviews;

    [HttpGet("")]
    [AllowAnonymous]
    public async Task<IActionResult> Index(int productId, CancellationToken ct)
    {
        var published = await _reviews.ListPublishedAsync(productId, take: 50, ct);

        var items = published
            .Select(r => new ReviewViewModel(
                r.AuthorDisplayName,
                r.Rating,
                r.Title,
                ReviewMarkup.ToSafeHtml(r.Body),
                DateOnly.FromDateTime(r.CreatedAt.UtcDateTime)))
            .ToList();

        return View(new ProductReviewsViewModel(productId, items));
    }

    [HttpGet("new")]
    [Authorize]
    public IActionResult Create(int productId) => View("Edit", new ReviewFormModel());

    [HttpPost("")]
    [Authorize]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Publish(int productId, ReviewFormModel form, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(form.Body) || form.Body.Length > 4000)
        {
            ModelState.AddModelError(nameof(form.Body), "Reviews must be between 1 and 4000 characters.");
        }

        if (!ModelState.IsValid)
        {
            return View("Edit", form);
        }

        var authorId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        await _reviews.AddAsync(new Review
        {
            ProductId = productId,
            AuthorId = authorId,
            AuthorDisplayName = User.Identity?.Name ?? "Customer",
            Rating = Math.Clamp(form.Rating, 1, 5),
            Title = form.Title.Trim(),
            Body = form.Body,
            CreatedAt = DateTimeOffset.UtcNow,
        }, ct);

        return RedirectToAction(nameof(Index), new { productId });
    }
}
