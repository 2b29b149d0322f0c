using Khabar.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Khabar.Storage.Migrations.Sqlite
{
    /// <summary>
    /// The full-text index: an FTS5 table of search keys (never the raw text), one row per article
    /// with rowid = Articles.Id, written in the same transaction as the article.
    /// </summary>
    [DbContext(typeof(SqliteNewsDb))]
    [Migration("20261127150000_SearchIndex")]
    public partial class SearchIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                "CREATE VIRTUAL TABLE ArticleSearch USING fts5(title, rotitr, lead, body, tags, " +
                "content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0 tokenchars ''.''');");
            // The default rank: BM25 with title, rotitr, lead, body and tags weighted 10, 5, 3, 1, 4.
            migrationBuilder.Sql("INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('rank', 'bm25(10.0, 5.0, 3.0, 1.0, 4.0)');");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE ArticleSearch;");
        }
    }
}
