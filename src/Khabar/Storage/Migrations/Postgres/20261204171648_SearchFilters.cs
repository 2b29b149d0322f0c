using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Khabar.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "PublishedAt",
                table: "ArticleSearch",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ServiceId",
                table: "ArticleSearch",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Documents written before this migration take their article's values and the lexeme of their id's bucket
            // (PostgresSearchIndex.BucketSize ids, '~id N'), with which the index finds the newest matches alone.
            migrationBuilder.Sql("""
                UPDATE "ArticleSearch" d SET "PublishedAt" = a."PublishedAt", "ServiceId" = a."ServiceId",
                    "Document" = d."Document" || array_to_tsvector(ARRAY['~id ' || (d."ArticleId" / 1024)])
                FROM "Articles" a WHERE a."Id" = d."ArticleId";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "ArticleSearch");

            migrationBuilder.DropColumn(
                name: "ServiceId",
                table: "ArticleSearch");
        }
    }
}
