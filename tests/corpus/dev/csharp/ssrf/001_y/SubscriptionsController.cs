using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Newsroom.Feeds;

namespace Newsroom.Api.Controllers;

public sealed record CreateSubscriptionRequest(string FeedUrl, string? Label);

[ApiController]
[Authorize]
[Route("api/subscriptions")]
public sealed class SubscriptionsController : ControllerBase
{
    private readonly FeedFetcher _fetcher;
    private readonly ISubscriptionStore _store;

    public SubscriptionsController(FeedFetcher fetcher, ISubscriptionStore store)
    {
        _fetcher = fetcher;
        _store = store;
    }

    [HttpPost]
    public async Task<IActionResult> Create([FromBody] CreateSubscriptionRequest request, CancellationToken ct)
    {
        var subscription = new FeedSubscription
        {
            Id = Guid.NewGuid(),
            Owner = User.Identity!.Name!,
            Url = request.FeedUrl.Trim(),
            Label = request.Label ?? ""
        };

        // Fetch once up front so users find out immediately if the URL isn't a feed.
        var preview = await _fetcher.PreviewAsync(subscription, ct);
        if (preview is null)
            return UnprocessableEntity(new { message = "That URL does not look like an RSS or Atom feed." });

        subscription.Label = string.IsNullOrWhiteSpace(subscription.Label) ? preview.Title : subscription.Label;
        await _store.AddAsync(subscription, ct);

        return Created($"/api/subscriptions/{subscription.Id}", new
        {
            subscription.Id,
            subscription.Label,
            preview.Title,
            preview.LatestHeadlines
        });
    }
}

public interface ISubscriptionStore
{
    Task AddAsync(FeedSubscription subscription, CancellationToken ct);
}
