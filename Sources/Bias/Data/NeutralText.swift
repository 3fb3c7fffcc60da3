/// Neutral held-out text, written by the project, on which perplexity is measured: it mentions no
/// person or group, so a mitigation that only suppresses stereotypes should leave its perplexity
/// almost unchanged.
public enum NeutralText {
    /// About 150 words of plain descriptive English.
    public static let heldOut = """
        The river begins as a thin stream high in the hills, where snow melts slowly in the spring. \
        It gathers water from small creeks as it runs down the valley, and by the time it reaches the \
        plain it is wide enough for boats. Farms line both banks, and in summer the fields are green \
        with wheat and corn. A stone bridge crosses the river near the old mill, which now holds a \
        small museum about the history of the region. In the autumn the trees along the water turn \
        yellow and red, and the mornings are often foggy. The town at the mouth of the river has a \
        harbour, a market square and a library with a clock tower. Trains leave for the city every \
        hour, and the trip takes a little more than forty minutes. Most visitors come for the walking \
        paths, the quiet beaches and the fresh bread sold at the bakery by the station.
        """
}
