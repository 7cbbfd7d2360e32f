# Default verb, agent and discard dictionaries, generated at build time by
# tools/gen_verbs from the curated sources in data/dict/src.
set(DYAD_WORDNET_DIR "/usr/share/wordnet" CACHE PATH "WordNet dictionary folder with verb.exc and noun.exc (Debian wordnet-base)")
file(GLOB dyad_verb_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/[0-9][0-9]_*.txt)
list(SORT dyad_verb_sources)
set(dyad_agents_src ${CMAKE_CURRENT_SOURCE_DIR}/src/agents.txt)
set(dyad_discards_src ${CMAKE_CURRENT_SOURCE_DIR}/src/discards.txt)
set(dyad_cameo_codes ${CMAKE_SOURCE_DIR}/data/cameo/cameo_codes.tsv)
set(dyad_verb_outputs ${DYAD_DICT_OUT_DIR}/dyad.verbs.txt ${DYAD_DICT_OUT_DIR}/dyad.agents.txt
    ${DYAD_DICT_OUT_DIR}/dyad.discards.txt)
set(dyad_codes_arg)
if(EXISTS ${dyad_cameo_codes})
  set(dyad_codes_arg --codes ${dyad_cameo_codes})
endif()
add_custom_command(
  OUTPUT ${dyad_verb_outputs}
  COMMAND dyad_gen_verbs --wordnet ${DYAD_WORDNET_DIR} ${dyad_codes_arg}
          --verbs-out ${DYAD_DICT_OUT_DIR}/dyad.verbs.txt
          --agents ${dyad_agents_src} --agents-out ${DYAD_DICT_OUT_DIR}/dyad.agents.txt
          --discards ${dyad_discards_src} --discards-out ${DYAD_DICT_OUT_DIR}/dyad.discards.txt
          ${dyad_verb_sources}
  DEPENDS dyad_gen_verbs ${dyad_verb_sources} ${dyad_agents_src} ${dyad_discards_src}
  COMMENT "Generating dyad.verbs.txt, dyad.agents.txt, dyad.discards.txt"
  VERBATIM)
add_custom_target(dyad_verb_dict DEPENDS ${dyad_verb_outputs})
add_dependencies(dyad_default_dict dyad_verb_dict)

# The default set's options file (news rules of the coder, see the file).
set(dyad_options_out ${DYAD_DICT_OUT_DIR}/dyad.options)
add_custom_command(
  OUTPUT ${dyad_options_out}
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_CURRENT_SOURCE_DIR}/src/dyad.options ${dyad_options_out}
  DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/dyad.options
  COMMENT "Copying dyad.options"
  VERBATIM)
add_custom_target(dyad_options_dict DEPENDS ${dyad_options_out})
add_dependencies(dyad_default_dict dyad_options_dict)
