using Khabar.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Khabar.Storage.Migrations.Sqlite
{
    /// <summary>Document frequencies of the search index's terms, read to choose a query plan and to count single-word matches.</summary>
    [DbContext(typeof(SqliteNewsDb))]
    [Migration("20261127160000_SearchVocabulary")]
    public partial class SearchVocabulary : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("CREATE VIRTUAL TABLE ArticleSearchVocab USING fts5vocab('ArticleSearch', 'row');");

        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("DROP TABLE ArticleSearchVocab;");
    }
}
