namespace MspHub.AspNetCore;

/// <summary>The body of <c>PUT /hub/branding</c>: the colours and title to set; the logo is kept.</summary>
/// <param name="PrimaryColor">The primary colour, <c>#rrggbb</c>, or <see langword="null"/> to inherit.</param>
/// <param name="SecondaryColor">The secondary colour, <c>#rrggbb</c>, or <see langword="null"/> to inherit.</param>
/// <param name="Title">The title, or <see langword="null"/> to inherit.</param>
public sealed record BrandingUpdate(string? PrimaryColor, string? SecondaryColor, string? Title);
