using Khabar.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Khabar.Storage.Migrations.Postgres
{
    /// <summary>
    /// The words of each search document without their joins, which ranking and phrase tests read (PostgresSearchIndex):
    /// a column the EF model does not map, written by the search index alone. Rows written before it hold NULL (ranking
    /// falls back to the document) until the index is rewritten, which resetting the key state asks for at start-up.
    /// </summary>
    [DbContext(typeof(PostgresNewsDb))]
    [Migration("20261205110000_SearchRanked")]
    public partial class SearchRanked : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "ArticleSearch" ADD COLUMN "Ranked" tsvector NULL;
                UPDATE "SearchKeyState" SET "Version" = 0, "RebuiltThrough" = 0 WHERE EXISTS (SELECT 1 FROM "Articles");
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE \"ArticleSearch\" DROP COLUMN \"Ranked\";");
        }
    }
}
