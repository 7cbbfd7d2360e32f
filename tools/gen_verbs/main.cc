// dyad_gen_verbs: build-time generator of dyad's default verb, agent and
// discard dictionaries (PETRARCH-1 syntax) from the curated sources in
// data/dict/src. Run by data/dict/verbs.cmake; see docs/default-dictionaries.md.
//
//   dyad_gen_verbs --wordnet DIR [--codes cameo_codes.tsv]
//                  --verbs-out FILE [--agents SRC --agents-out FILE]
//                  [--discards SRC --discards-out FILE] VERB_SOURCE...
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compile.h"

namespace {

using dyad::Result;
using dyad::Status;

Result<dyad::gen::SourceFile> Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return dyad::gen::SourceFile{path, ss.str()};
}

Status Write(const std::string& path, const std::string& text) {
  // Write to a temporary and rename, so a failed run never leaves half a file.
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError(tmp + ": cannot write");
    out << text;
    if (!out.flush()) return Status::IoError(tmp + ": write failed");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Status::IoError(path + ": cannot rename " + tmp);
  return Status::Ok();
}

int Usage() {
  std::fputs(
      "usage: dyad_gen_verbs --wordnet DIR [--codes CODES.tsv] --verbs-out FILE\n"
      "                      [--agents SRC --agents-out FILE] [--discards SRC --discards-out FILE]\n"
      "                      VERB_SOURCE...\n",
      stderr);
  return 2;
}

Status Run(int argc, char** argv) {
  std::string wordnet, codes_path, verbs_out, agents_src, agents_out, discards_src, discards_out;
  std::vector<std::string> sources;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&](std::string* dst) -> Status {
      if (i + 1 >= argc) return Status::InvalidArgument(a + " needs a value");
      *dst = argv[++i];
      return Status::Ok();
    };
    if (a == "--wordnet") DYAD_RETURN_IF_ERROR(next(&wordnet));
    else if (a == "--codes") DYAD_RETURN_IF_ERROR(next(&codes_path));
    else if (a == "--verbs-out") DYAD_RETURN_IF_ERROR(next(&verbs_out));
    else if (a == "--agents") DYAD_RETURN_IF_ERROR(next(&agents_src));
    else if (a == "--agents-out") DYAD_RETURN_IF_ERROR(next(&agents_out));
    else if (a == "--discards") DYAD_RETURN_IF_ERROR(next(&discards_src));
    else if (a == "--discards-out") DYAD_RETURN_IF_ERROR(next(&discards_out));
    else if (!a.empty() && a[0] == '-') return Status::InvalidArgument("unknown option " + a);
    else sources.push_back(a);
  }
  if (wordnet.empty() || verbs_out.empty() || sources.empty())
    return Status::InvalidArgument("--wordnet, --verbs-out and at least one verb source are required");
  DYAD_ASSIGN_OR_RETURN(dyad::gen::Inflector inf, dyad::gen::Inflector::FromWordNet(wordnet));
  std::set<std::string> codes;
  if (!codes_path.empty()) {
    DYAD_ASSIGN_OR_RETURN(codes, dyad::gen::ReadCameoCodes(codes_path));
  }
  std::vector<dyad::gen::SourceFile> files;
  for (const auto& s : sources) {
    DYAD_ASSIGN_OR_RETURN(auto f, Read(s));
    files.push_back(std::move(f));
  }
  dyad::gen::VerbStats st;
  DYAD_ASSIGN_OR_RETURN(std::string verbs, dyad::gen::CompileVerbs(inf, files, codes, &st));
  DYAD_RETURN_IF_ERROR(Write(verbs_out, verbs));
  std::fprintf(stderr, "dyad_gen_verbs: %zu blocks, %zu verbs, %zu patterns, %zu synsets, %zu codes -> %s\n",
               st.blocks, st.verbs, st.patterns, st.synsets, st.codes.size(), verbs_out.c_str());
  if (!agents_src.empty()) {
    if (agents_out.empty()) return Status::InvalidArgument("--agents needs --agents-out");
    DYAD_ASSIGN_OR_RETURN(auto f, Read(agents_src));
    size_t n = 0;
    DYAD_ASSIGN_OR_RETURN(std::string text, dyad::gen::CompileAgents(inf, f, &n));
    DYAD_RETURN_IF_ERROR(Write(agents_out, text));
    std::fprintf(stderr, "dyad_gen_verbs: %zu agents -> %s\n", n, agents_out.c_str());
  }
  if (!discards_src.empty()) {
    if (discards_out.empty()) return Status::InvalidArgument("--discards needs --discards-out");
    DYAD_ASSIGN_OR_RETURN(auto f, Read(discards_src));
    size_t n = 0;
    DYAD_ASSIGN_OR_RETURN(std::string text, dyad::gen::CompileDiscards(f, &n));
    DYAD_RETURN_IF_ERROR(Write(discards_out, text));
    std::fprintf(stderr, "dyad_gen_verbs: %zu discards -> %s\n", n, discards_out.c_str());
  }
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  Status s = Run(argc, argv);
  if (!s.ok()) {
    std::fprintf(stderr, "dyad_gen_verbs: %s\n", s.message().c_str());
    return 1;
  }
  return 0;
}
