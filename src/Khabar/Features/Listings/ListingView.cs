using Khabar.Features.Articles;
using Khabar.Features.Shared;

namespace Khabar.Features.Listings;

/// <summary>The model of _Listing.cshtml.</summary>
public sealed record ListingView(string Kind, string Title, string? FeedUrl, IReadOnlyList<ArticleCard> Cards, Pager Pager, string Empty);
