using System.ServiceModel.Syndication;
using System.Xml;
using Microsoft.Extensions.Options;

namespace Newsroom.Feeds;

public sealed class FeedSubscription
{
    public Guid Id { get; init; }
    public string Owner { get; init; } = "";
    public string Url { get; init; } = "";
    public string Label { get; set; } = "";
}

public sealed record FeedPreview(string Title, IReadOnlyList<string> LatestHeadlines);

public sealed class FeedOptions
{
    // Syndication partners whose feeds we ingest; maintained by the editorial team.
    public HashSet<string> AllowedHosts { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class FeedFetcher
{
    private readonly HttpClient _http;
    private readonly ILogger<FeedFetcher> _logger;
    private readonly FeedOptions _options;

    public FeedFetcher(HttpClient http, IOptions<FeedOptions> options, ILogger<FeedFetcher> logger)
    {
        _http = http;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<FeedPreview?> PreviewAsync(FeedSubscription subscription, CancellationToken ct)
    {
        if (!Uri.TryCreate(subscription.Url, UriKind.Absolute, out var feedUri))
            return null;

        if (feedUri.Scheme != Uri.UriSchemeHttps || !_options.AllowedHosts.Contains(feedUri.IdnHost))
        {
            _logger.LogInformation("Feed host {Host} is not an approved partner", feedUri.Host);
            return null;
        }

        try
        {
            await using var body = await _http.GetStreamAsync(feedUri, ct);
            using var reader = XmlReader.Create(body, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            var feed = SyndicationFeed.Load(reader);

            return new FeedPreview(
                feed.Title?.Text ?? feedUri.Host,
                feed.Items.Take(5).Select(i => i.Title?.Text ?? "(untitled)").ToList());
        }
        catch (Exception ex) when (ex is HttpRequestException or XmlException or TaskCanceledException)
        {
            _logger.LogInformation(ex, "Feed preview failed for {Url}", feedUri);
            return null;
        }
    }
}
