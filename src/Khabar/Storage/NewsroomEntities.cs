using Microsoft.AspNetCore.Identity;

namespace Khabar.Storage;

/// <summary>A member of the newsroom: signs in with email and password, holds one or more roles.</summary>
public sealed class NewsUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

/// <summary>The roles of an Iranian newsroom.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Editor = "editor";
    public const string Reporter = "reporter";
    public const string Moderator = "moderator";

    public static readonly string[] All = [Admin, Editor, Reporter, Moderator];

    public static string PersianName(string role) => role switch
    {
        Admin => "مدیر سامانه",
        Editor => "دبیر",
        Reporter => "خبرنگار",
        Moderator => "ناظر نظرات",
        _ => role,
    };
}

/// <summary>A personal access token for scripts and apps (Authorization: Bearer …); only its hash is kept.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }

    public required string UserId { get; set; }

    public NewsUser? User { get; set; }

    public string Name { get; set; } = "";

    /// <summary>SHA-256 of the token, hex: a stolen database gives no usable token.</summary>
    public required string Hash { get; set; }

    /// <summary>The first characters of the token, to tell tokens apart in the panel.</summary>
    public required string Prefix { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

/// <summary>Who did what, when: publish, schedule, moderation, blocks, roles.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public string? UserId { get; set; }

    public string UserName { get; set; } = "";

    public required string Action { get; set; }

    public string Target { get; set; } = "";

    public string Details { get; set; } = "";
}

public enum WordKind
{
    /// <summary>A comment containing it is rejected at once.</summary>
    Banned = 0,

    /// <summary>A comment containing it is held and the word highlighted for the moderator.</summary>
    Suspect = 1,
}

/// <summary>A banned or suspect word or phrase, matched on the search key so spelling variants cannot dodge it.</summary>
public sealed class ModerationWord
{
    public int Id { get; set; }

    public required string Text { get; set; }

    /// <summary>The search key of <see cref="Text"/>.</summary>
    public required string Key { get; set; }

    public WordKind Kind { get; set; }

    public DateTime CreatedAt { get; set; }
}

public enum BlockKind
{
    Ip = 0,
    Email = 1,
}

/// <summary>An IP address or email whose comments are refused.</summary>
public sealed class Block
{
    public int Id { get; set; }

    public BlockKind Kind { get; set; }

    public required string Value { get; set; }

    public string Reason { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";
}
