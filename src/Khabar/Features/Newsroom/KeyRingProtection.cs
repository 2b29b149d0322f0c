using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Newsroom;

/// <summary>
/// The data-protection keys (they sign newsroom cookies and antiforgery tokens) are kept in the database, encrypted
/// with AES-256-GCM under a secret that is not in it: <c>Khabar:DataProtection:Secret</c> (base64, 32 bytes; the same
/// on every node) or, when that is empty, a file <c>dataprotection.secret</c> beside the database file, made on first
/// start and readable by its owner only. A backup of the database alone cannot be used to forge a cookie.
/// </summary>
public sealed class KeyRingSecret
{
    public const string FileName = "dataprotection.secret";

    public KeyRingSecret(byte[] key) => Key = key.Length == 32 ? key : throw new InvalidOperationException("The data-protection secret must be 32 bytes.");

    public byte[] Key { get; }

    public static KeyRingSecret Load(IConfiguration configuration, string dataDirectory)
    {
        if (configuration["Khabar:DataProtection:Secret"] is { Length: > 0 } configured)
        {
            return new KeyRingSecret(Convert.FromBase64String(configured));
        }

        var file = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(dataDirectory);
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var temporary = file + "." + Guid.NewGuid().ToString("N");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
            {
                writer.Write(fresh);
            }

            try
            {
                File.Move(temporary, file, overwrite: false); // a second node or process that came first wins
            }
            catch (IOException)
            {
                File.Delete(temporary);
            }
        }

        return new KeyRingSecret(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }

    /// <summary>
    /// A node of a site of several (<c>Khabar:Redis</c>) without <c>Khabar:DataProtection:Secret</c>: a secret file of
    /// its own would make keys the other nodes cannot read (a sign-in on one node refused by the next), so the keys are
    /// kept in the database unencrypted, and a warning asks for the secret (<see cref="KeyRingWarmup"/>).
    /// </summary>
    public static bool KeysUnencrypted(IConfiguration configuration) =>
        configuration["Khabar:DataProtection:Secret"] is not { Length: > 0 } && configuration["Khabar:Redis"] is { Length: > 0 };

    public static void AddKeyRingProtection(IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var secret = new Lazy<KeyRingSecret>(() => Load(configuration, dataDirectory));
        services.AddSingleton(_ => secret.Value); // also reads keys written encrypted before
        if (KeysUnencrypted(configuration))
        {
            return;
        }

        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlEncryptor = new SecretXmlEncryptor(sp.GetRequiredService<KeyRingSecret>())));
    }
}

/// <summary>Encrypts a key's XML with AES-256-GCM under <see cref="KeyRingSecret"/>.</summary>
public sealed class SecretXmlEncryptor(KeyRingSecret secret) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(secret.Key, tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag);
        }

        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with Khabar's data-protection secret (not in this database). "),
            new XElement("value", Convert.ToBase64String([.. nonce, .. tag, .. cipher])));
        return new EncryptedXmlInfo(element, typeof(SecretXmlDecryptor));
    }
}

/// <summary>Decrypts what <see cref="SecretXmlEncryptor"/> wrote; created by the data-protection system with the app's services.</summary>
public sealed class SecretXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetRequiredService<KeyRingSecret>().Key;
        var bytes = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        var plain = new byte[bytes.Length - nonceSize - tagSize];
        using (var aes = new AesGcm(key, tagSize))
        {
            aes.Decrypt(bytes.AsSpan(0, nonceSize), bytes.AsSpan(nonceSize + tagSize), bytes.AsSpan(nonceSize, tagSize), plain);
        }

        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plain));
    }
}
