using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Logistics.Integrations.Carriers;

public sealed class CarrierApiOptions
{
    public Uri BaseAddress { get; set; } = new("https://api.freight-carrier.example");
    public string ApiKeyEnvVar { get; set; } = "CARRIER_API_KEY";
    public List<string> PinnedCertificateSha256 { get; set; } = new();
}

public sealed record ShipmentLabelRequest(string OrderNumber, string RecipientName, string Street, string City, string Postcode, string Country, decimal WeightKg);
public sealed record ShipmentLabel(string TrackingNumber, string LabelPdfUrl);

public static class CarrierClientRegistration
{
    public static IServiceCollection AddCarrierClient(this IServiceCollection services)
    {
        services.AddHttpClient<CarrierClient>((sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<CarrierApiOptions>>().Value;
                client.BaseAddress = options.BaseAddress;
                client.Timeout = TimeSpan.FromSeconds(20);
                client.DefaultRequestHeaders.Add("X-Api-Key",
                    Environment.GetEnvironmentVariable(options.ApiKeyEnvVar) ?? "");
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var pins = sp.GetRequiredService<IOptions<CarrierApiOptions>>().Value.PinnedCertificateSha256
                    .Select(p => p.ToUpperInvariant())
                    .ToHashSet();

                return new HttpClientHandler
                {
                    // Normal chain validation must pass, and the leaf must match one of the carrier's published pins.
                    ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                        errors == SslPolicyErrors.None
                        && certificate is not null
                        && (pins.Count == 0 || pins.Contains(certificate.GetCertHashString(HashAlgorithmName.SHA256)))
                };
            });

        return services;
    }
}

public sealed class CarrierClient
{
    private readonly HttpClient _http;
    private readonly ILogger<CarrierClient> _logger;

    public CarrierClient(HttpClient http, ILogger<CarrierClient> logger)
    {
        _http = http;
        _logger = logger;
    }

    public async Task<ShipmentLabel> CreateLabelAsync(ShipmentLabelRequest request, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync("/v2/shipments", request, ct);
        response.EnsureSuccessStatusCode();

        var label = await response.Content.ReadFromJsonAsync<ShipmentLabel>(cancellationToken: ct)
            ?? throw new InvalidOperationException("carrier returned an empty body");

        _logger.LogInformation("Created label {Tracking} for order {Order}", label.TrackingNumber, request.OrderNumber);
        return label;
    }
}
