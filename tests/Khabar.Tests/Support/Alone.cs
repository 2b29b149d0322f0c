namespace Khabar.Tests;

/// <summary>Tests that measure timing in a browser run alone, after the parallel ones: other tests' load would skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Alone
{
    public const string Name = "alone";
}
