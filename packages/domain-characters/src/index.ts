export {
  CHARACTER_TYPES,
  CHARACTER_STATUSES,
  KNOWLEDGE_LEVELS,
  RELATIONSHIP_ARC_TYPES,
  characterId,
  chapterId,
  relationshipArcId,
  characterType,
  characterStatus,
  relationshipArcType,
  participantSchema,
  participantsField,
  knowledgeItemFilter,
  knowledgeCategoryFilter,
} from './schemas.js';
export type { CharacterType, CharacterStatus, KnowledgeLevel, RelationshipArcType, Participant } from './schemas.js';
export { CHARACTER_COLUMNS, findCharacter, findCharactersByIds } from './queries/characters.js';
export type { CharacterRow } from './queries/characters.js';
export { findChapterPosition, compareBooks, compareChapters } from './queries/chapters.js';
export type { ChapterPosition } from './queries/chapters.js';
export { knowledgeOfCharacter, escapeLike } from './queries/knowledge.js';
export type { KnowledgeFilter, KnowledgeRow } from './queries/knowledge.js';
export { selectRelationshipArcs, findRelationshipArc, withCurrentParticipantNames } from './queries/relationship-arcs.js';
export { assessKnowledge, asOfStatus, compareKnowledge } from './knowledge.js';
export type { AsOfStatus, KnowledgeAssessment, KnowledgeItemState } from './knowledge.js';
export { registerCheckCharacterKnowledgeTool } from './tools/check-character-knowledge.js';
