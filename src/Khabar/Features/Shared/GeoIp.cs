using System.Net;
using MaxMind.Db;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Shared;

/// <summary>
/// Country of an IP address from an .mmdb file (default: the NRO-derived geo-whois-asn-country database,
/// CC BY 4.0). A missing or unreadable file means "no country", never a failure.
/// </summary>
public sealed class GeoIp : IDisposable
{
    private readonly Reader? _reader;

    public GeoIp(IOptions<KhabarOptions> options, ILogger<GeoIp> logger)
    {
        var configured = options.Value.GeoIp.Path;
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppContext.BaseDirectory, "geoip", "country.mmdb")
            : Path.GetFullPath(configured, AppContext.BaseDirectory);
        try
        {
            if (File.Exists(path))
            {
                _reader = new Reader(path, FileAccessMode.MemoryMapped);
            }
            else
            {
                logger.LogWarning("GeoIP database {Path} not found: comments will have no country", path);
            }
        }
        catch (Exception e) when (e is InvalidDatabaseException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "GeoIP database {Path} cannot be read: comments will have no country", path);
        }
    }

    /// <summary>ISO 3166 alpha-2 code in upper case, or null.</summary>
    public string? CountryOf(string? ip)
    {
        if (_reader is null || !IPAddress.TryParse(ip, out var address))
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        try
        {
            var code = _reader.Find<CountryRecord>(address)?.CountryCode;
            return code is { Length: 2 } ? code.ToUpperInvariant() : null;
        }
        catch (InvalidDatabaseException)
        {
            return null;
        }
    }

    public void Dispose() => _reader?.Dispose();

    /// <summary>The record of the geo-whois and GeoLite2-country "lite" files: { country_code }.</summary>
    public sealed class CountryRecord
    {
        [Constructor]
        public CountryRecord([MapKey("country_code")] string? countryCode = null) => CountryCode = countryCode;

        public string? CountryCode { get; }
    }
}
