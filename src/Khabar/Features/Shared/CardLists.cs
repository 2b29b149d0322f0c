namespace Khabar.Features.Shared;

/// <summary>View data read by the <c>_Cards</c> partial.</summary>
public static class CardLists
{
    /// <summary>
    /// Set to <c>true</c> by a page whose card list sits under its service's own heading: the cards then leave
    /// the service link out of their meta line.
    /// </summary>
    public const string OneService = "Cards.OneService";
}

/// <summary>The model of _MostLists.cshtml: the most read and the most discussed.</summary>
public sealed record MostLists(IReadOnlyList<Articles.ArticleCard> Viewed, IReadOnlyList<Articles.ArticleCard> Discussed);
