/// The project's own list of gendered English word pairs, written for labrun (not taken from a
/// published list): pronouns, family and relationship terms, titles and gendered job names, with
/// their plurals. Used by CDA, counterfactual decoding and the embedding-projection pairs.
///
/// `her` is ambiguous (`his` or `him`); the list swaps it to `his`, the more frequent reading in
/// running text, so `him` → `her` but `her` → `his`.
public enum GenderWordPairs {
    /// The pairs, male word first.
    public static let all: [WordPair] = text.split(separator: "\n").compactMap { line in
        let words = line.split(separator: " ")
        return words.count == 2 ? WordPair(String(words[0]), String(words[1])) : nil
    }

    /// One pair a line: male word, a space, female word.
    static let text = """
        he she
        his her
        him her
        his hers
        himself herself
        man woman
        men women
        boy girl
        boys girls
        male female
        males females
        gentleman lady
        gentlemen ladies
        guy gal
        guys gals
        father mother
        fathers mothers
        dad mom
        dads moms
        daddy mommy
        son daughter
        sons daughters
        brother sister
        brothers sisters
        husband wife
        husbands wives
        boyfriend girlfriend
        boyfriends girlfriends
        groom bride
        grooms brides
        uncle aunt
        uncles aunts
        nephew niece
        nephews nieces
        grandfather grandmother
        grandfathers grandmothers
        grandson granddaughter
        grandsons granddaughters
        king queen
        kings queens
        prince princess
        princes princesses
        mr mrs
        sir madam
        actor actress
        actors actresses
        waiter waitress
        waiters waitresses
        steward stewardess
        stewards stewardesses
        host hostess
        hosts hostesses
        hero heroine
        heroes heroines
        monk nun
        monks nuns
        fiance fiancee
        widower widow
        widowers widows
        businessman businesswoman
        businessmen businesswomen
        chairman chairwoman
        chairmen chairwomen
        spokesman spokeswoman
        spokesmen spokeswomen
        salesman saleswoman
        salesmen saleswomen
        policeman policewoman
        policemen policewomen
        fireman firewoman
        firemen firewomen
        masculine feminine
        manhood womanhood
        fatherhood motherhood
        brotherhood sisterhood
        """
}
