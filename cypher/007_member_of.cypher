// MEMBER_OF: an organization that is part of a larger one (CNCF is part of the Linux Foundation).
CREATE CONSTRAINT member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE r.id IS UNIQUE;
