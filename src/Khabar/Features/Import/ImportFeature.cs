namespace Khabar.Features.Import;

/// <summary>What loads content in bulk: the JSONL importer, the demo content, the benchmark's seeder.</summary>
public static class ImportFeature
{
    public static void AddImport(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ArticleImporter>();
        builder.Services.AddScoped<Demo.DemoSeeder>();
        builder.Services.AddScoped<Bench.BenchSeeder>();
    }
}
