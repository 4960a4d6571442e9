// The platform's templates filled from job data, and the pdf-ready follow-up job.
#include <doctest/doctest.h>

#include "render_pdf_harness.hpp"

using namespace render_pdf_test;
using nlohmann::json;

namespace {

json invoice_data(int item_count) {
  json items = json::array();
  for (int item = 1; item <= item_count; ++item) {
    items.push_back({{"position", item},
                     {"description", "Fliesenarbeiten Bad, Zürich – Position " + std::to_string(item)},
                     {"quantity", "2"},
                     {"unit_price", "45,00 €"},
                     {"amount", "90,00 €"}});
  }
  return {{"number", "№ INV-1042"},
          {"date", "2026-11-28"},
          {"due_date", "2026-12-12"},
          {"seller", {{"name", "Handwerk Łódź Sp. z o.o."}, {"address", "ul. Piotrkowska 1, 90-001 Łódź"}}},
          {"buyer", {{"name", "Γιώργος Παπαδόπουλος"}, {"address", "Αθήνα, Ελλάδα"}}},
          {"items", items},
          {"subtotal", "180,00 €"},
          {"tax_label", "VAT 23 %"},
          {"tax", "41,40 €"},
          {"total", "221,40 €"},
          {"payment_note", "Оплата в течение 14 дней. Москва."}};
}

json contractor_data() {
  return {{"platform", "Handwerker-Portal"},
          {"period", "2026"},
          {"contractor", {{"name", "Jürgen Müller"}, {"trade", "Tiler"}, {"city", "Zürich"}, {"member_since", "2019"}}},
          {"rating", "4.8"},
          {"review_count", 57},
          {"completed_jobs", 112},
          {"ranking", "3 of 140 in Zürich"},
          {"badges", {{{"name", "Top rated"}, {"awarded", "2026-03-01"}}}},
          {"recent_reviews", {{{"date", "2026-11-02"}, {"author", "Łucja"}, {"rating", "5"}, {"text", "Sehr sauber."}}}}};
}

json review_data() {
  return {{"platform", "Handwerker-Portal"},
          {"period", "Q4 2026"},
          {"contractor", {{"name", "Иван Петров"}}},
          {"average_rating", "4.5"},
          {"review_count", 2},
          {"distribution", {{{"stars", "5"}, {"count", 1}, {"share", "50 %"}}, {{"stars", "4"}, {"count", 1}, {"share", "50 %"}}}},
          {"reviews",
           {{{"date", "2026-10-01"}, {"author", "Ελένη"}, {"rating", "5"}, {"title", "Άψογα"}, {"text", "Πολύ καλή δουλειά."}},
            {{"date", "2026-10-09"}, {"author", "Marek"}, {"rating", "4"}, {"title", "Gut"}, {"text", "Pünktlich."}}}}};
}

json template_job(const std::string& name, json data, const std::string& output) {
  return {{"template", name}, {"data", std::move(data)}, {"output", output}};
}

void check_text(const std::filesystem::path& pdf, const std::vector<std::string>& expected) {
  const std::string text = pdf_text(pdf);
  for (const auto& part : expected) CHECK_MESSAGE(text.find(part) != std::string::npos, part);
}

}  // namespace

TEST_CASE("the invoice template fills its table from the items") {
  const RenderPdf tool;
  const auto run = tool.run(template_job("invoice", invoice_data(2), "invoices/2026/INV-1042.pdf"));
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const auto pdf = tool.stored("invoices/2026/INV-1042.pdf");
  CHECK(qpdf_finds_no_errors(pdf));
  check_text(pdf, {"Invoice № INV-1042", "Handwerk Łódź", "Ελλάδα", "Москва", "Zürich – Position 2", "221,40 €",
                   "Page 1 of 1"});
  CHECK(output_of({"/usr/bin/pdfinfo", pdf.string()}).find("Title:           Invoice № INV-1042") != std::string::npos);
}

TEST_CASE("page placeholders in template data are printed as they are") {
  const RenderPdf tool;
  json data = invoice_data(1);
  data["seller"]["name"] = "Bau {page}/{pages} GmbH";  // in the invoice's header and footer
  const auto run = tool.run(template_job("invoice", data, "invoice.pdf"));
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const std::string text = pdf_text(tool.stored("invoice.pdf"));
  CHECK(text.find("Bau {page}/{pages} GmbH") != std::string::npos);
  CHECK(text.find("Bau 1/1 GmbH") == std::string::npos);
  CHECK(text.find("Page 1 of 1") != std::string::npos);  // the template's own placeholders still work
}

TEST_CASE("a 40-row invoice spans two pages") {
  const RenderPdf tool;
  REQUIRE(tool.run(template_job("invoice", invoice_data(40), "invoice.pdf")).exit_code == 0);
  CHECK(pdf_pages(tool.stored("invoice.pdf")) == 2);
  CHECK(pdf_text(tool.stored("invoice.pdf"), 2).find("Description") != std::string::npos);
}

TEST_CASE("the contractor-report and review-summary templates render") {
  const RenderPdf tool;
  REQUIRE(tool.run(template_job("contractor-report", contractor_data(), "reports/c.pdf")).exit_code == 0);
  check_text(tool.stored("reports/c.pdf"), {"Jürgen Müller", "4.8 of 5 (57 reviews)", "Top rated", "Łucja"});
  REQUIRE(tool.run(template_job("review-summary", review_data(), "reports/r.pdf")).exit_code == 0);
  check_text(tool.stored("reports/r.pdf"), {"Reviews for Иван Петров", "Άψογα", "Pünktlich.", "50 %"});
  CHECK(qpdf_finds_no_errors(tool.stored("reports/r.pdf")));
}

TEST_CASE("optional template blocks are left out when their data is absent") {
  const RenderPdf tool;
  json data = contractor_data();
  data.erase("badges");
  REQUIRE(tool.run(template_job("contractor-report", data, "c.pdf")).exit_code == 0);
  CHECK(pdf_text(tool.stored("c.pdf")).find("Badges") == std::string::npos);
}

std::vector<std::string> detail_fields(const json& error) {
  std::vector<std::string> fields;
  for (const auto& detail : error.value("details", json::array())) fields.push_back(detail.value("field", ""));
  return fields;
}

TEST_CASE("template errors name the field of the data and not a place in the template") {
  const RenderPdf tool;
  json data = invoice_data(1);
  data.erase("total");
  json error = expect_error(tool.run(template_job("invoice", data, "i.pdf")), 65, "/data/total");
  CHECK(error["message"].get<std::string>().find("/data/total") != std::string::npos);
  data = invoice_data(1);
  data["items"] = "none";
  expect_error(tool.run(template_job("invoice", data, "i.pdf")), 65, "/data/items");
  // The seller's name is drawn in the header, the footer and the address block: one error,
  // at its field.
  data = invoice_data(1);
  data["seller"]["name"] = "東京商事";
  error = expect_error(tool.run(template_job("invoice", data, "i.pdf")), 65, "/data/seller/name");
  CHECK(error["message"].get<std::string>().find("東京") != std::string::npos);
  CHECK(error["message"].get<std::string>().find("template") == std::string::npos);
  CHECK(error.value("details", json::array()).empty());
  expect_error(tool.run(template_job("no-such-template", data, "i.pdf")), 65, "/template");
  expect_error(tool.run(template_job("../invoice", data, "i.pdf")), 65, "/template");
  CHECK_FALSE(std::filesystem::exists(tool.stored("i.pdf")));
}

TEST_CASE("every missing variable is reported at once and rows by their element") {
  const RenderPdf tool;
  json data = invoice_data(3);
  data.erase("total");
  data["seller"].erase("address");
  data["items"][2].erase("unit_price");
  const json error = expect_error(tool.run(template_job("invoice", data, "i.pdf")), 65, "/data/seller/address");
  const auto fields = detail_fields(error);
  CHECK(fields == std::vector<std::string>{"/data/seller/address", "/data/items/2/unit_price", "/data/total"});
  const auto message = error["message"].get<std::string>();
  CHECK(message.find("3 fields") != std::string::npos);
  for (const auto& field : fields) CHECK(message.find(field) != std::string::npos);
}

TEST_CASE("undrawable text in a table row names the row's field in the data") {
  const RenderPdf tool;
  json data = invoice_data(4);
  data["items"][3]["description"] = "مرحبا";
  data["payment_note"] = "Zahlbar in 14 Tagen \U0001F600";
  const json error = expect_error(tool.run(template_job("invoice", data, "i.pdf")), 65, "/data/items/3/description");
  CHECK(detail_fields(error) == std::vector<std::string>{"/data/items/3/description", "/data/payment_note"});
  CHECK_FALSE(std::filesystem::exists(tool.stored("i.pdf")));
}

// The follow-up job would fail in send-notification; the render job fails instead, before
// anything is written, naming the field under /notify.
TEST_CASE("notify is checked with send-notification's rules before the PDF is written") {
  const RenderPdf tool;
  const auto refused = [&](const json& notify, const std::string& field) {
    json job = template_job("invoice", invoice_data(1), "invoices/INV-1.pdf");
    job["notify"] = notify;
    expect_error(tool.run(job), 65, field);
    CHECK_FALSE(std::filesystem::exists(tool.stored("invoices/INV-1.pdf")));
  };
  const json from = {{"email", "no-reply@example.com"}};
  refused({{"from", from}, {"recipient", {{"email", "kunde at example"}}}}, "/notify/recipient/email");
  refused({{"from", from}, {"recipient", {{"email", "kunde@example.com"}, {"phone", "+4915112345678"}}}},
          "/notify/recipient/phone");
  refused({{"from", from}, {"recipient", {{"email", "kunde@example.com"}, {"name", "Line\nBreak"}}}},
          "/notify/recipient/name");
  refused({{"from", {{"name", "Shop"}}}, {"recipient", {{"email", "kunde@example.com"}}}}, "/notify/from/email");
}

TEST_CASE("notify adds a pdf-ready follow-up job for the notifications queue") {
  const RenderPdf tool;
  json job = template_job("invoice", invoice_data(1), "invoices/INV-1.pdf");
  job["notify"] = {{"from", {{"email", "no-reply@example.com"}}},
                   {"recipient", {{"email", "kunde@example.com"}, {"name", "Jürgen"}}},
                   {"data", {{"invoice", "INV-1"}}}};
  const auto run = tool.run(job);
  REQUIRE(run.exit_code == 0);
  const json result = result_of(run);
  REQUIRE(result["enqueue"].size() == 1);
  const json follow_up = result["enqueue"][0];
  CHECK(follow_up["queue"] == "notifications");
  CHECK(follow_up["name"] == "pdf-ready");
  CHECK(follow_up["opts"] == json::object());
  CHECK(follow_up["data"]["template"] == "pdf-ready");
  CHECK(follow_up["data"]["from"]["email"] == "no-reply@example.com");
  const json recipient = follow_up["data"]["recipients"][0];
  CHECK(recipient["email"] == "kunde@example.com");
  CHECK(recipient["data"]["invoice"] == "INV-1");
  CHECK(recipient["data"]["path"] == "invoices/INV-1.pdf");
  CHECK(recipient["data"]["sha256"] == result["sha256"]);
  CHECK(std::filesystem::exists(tool.stored("invoices/INV-1.pdf")));
  job["notify"] = {{"data", {}}};
  expect_error(tool.run(job), 65, "/notify/recipient");  // and /notify/from, in details
}
