using System.Globalization;
using System.Xml;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAuthentication().AddJwtBearer();
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

// Runners upload GPX files exported from their watch; we compute distance and elevation gain.
app.MapPost("/api/activities/gpx", async (IFormFile track, CancellationToken ct) =>
{
    if (track.Length == 0 || track.Length > 20 * 1024 * 1024)
        return Results.BadRequest(new { message = "GPX file must be between 1 byte and 20 MB" });

    var doc = new XmlDocument
    {
        XmlResolver = null,
        PreserveWhitespace = false
    };

    var readerSettings = new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null
    };

    await using (var stream = track.OpenReadStream())
    using (var reader = XmlReader.Create(stream, readerSettings))
    {
        try
        {
            doc.Load(reader);
        }
        catch (XmlException)
        {
            return Results.BadRequest(new { message = "not a valid GPX file" });
        }
    }

    var ns = new XmlNamespaceManager(doc.NameTable);
    ns.AddNamespace("g", "http://www.topografix.com/GPX/1/1");

    var points = doc.SelectNodes("//g:trkpt", ns)!
        .Cast<XmlElement>()
        .Select(p => new
        {
            Lat = double.Parse(p.GetAttribute("lat"), CultureInfo.InvariantCulture),
            Lon = double.Parse(p.GetAttribute("lon"), CultureInfo.InvariantCulture),
            Ele = double.TryParse(p["ele", ns.LookupNamespace("g")]?.InnerText, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) ? e : 0
        })
        .ToList();

    double distanceKm = 0, gain = 0;
    for (var i = 1; i < points.Count; i++)
    {
        distanceKm += Haversine(points[i - 1].Lat, points[i - 1].Lon, points[i].Lat, points[i].Lon);
        gain += Math.Max(0, points[i].Ele - points[i - 1].Ele);
    }

    var name = doc.SelectSingleNode("//g:trk/g:name", ns)?.InnerText ?? track.FileName;
    return Results.Ok(new { name, points = points.Count, distanceKm = Math.Round(distanceKm, 2), elevationGain = Math.Round(gain) });
})
.RequireAuthorization();

app.Run();

static double Haversine(double lat1, double lon1, double lat2, double lon2)
{
    const double R = 6371.0;
    var dLat = (lat2 - lat1) * Math.PI / 180;
    var dLon = (lon2 - lon1) * Math.PI / 180;
    var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) +
            Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
    return R * 2 * Math.Atan2(Math.Sqrt(a), Math.Sqrt(1 - a));
}
