using System.Net;

namespace Khabar.Features.Shared;

/// <summary>
/// The key an address is counted and blocked by. An IPv4 address is itself (an IPv4-mapped IPv6 address too); an IPv6
/// address is its /64, the block one home or one phone gets: counted address by address, one visitor could take
/// 2^64 of them.
/// </summary>
public static class AddressKey
{
    public static string Of(string? ip)
    {
        if (string.IsNullOrEmpty(ip) || !IPAddress.TryParse(ip, out var address))
        {
            return ip ?? "";
        }

        return Of(address);
    }

    public static string Of(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
