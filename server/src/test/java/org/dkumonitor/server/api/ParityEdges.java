package org.dkumonitor.server.api;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.server.api.ParityCorpus.Case;
import org.dkumonitor.server.api.ParityCorpus.Kind;

/**
 * Every function that takes series, called on the three inputs where implementations part ways:
 * series with nulls (web02 misses a point every 37 minutes, web03 an hour), series of mixed
 * steps (web01 a minute, web05 five) and a pattern that matches nothing. Each template's $X is
 * replaced by each input in turn; the function name before the bar is what the case checks.
 * A filter's threshold lies between the two series of each input, so that it keeps one.
 */
final class ParityEdges {

    static final String NULLS = "servers.web0[23].cpu.load";
    static final String MIXED_STEPS = "servers.web0[15].cpu.load";
    static final String EMPTY = "nosuch.*";

    private ParityEdges() {
    }

    static List<Case> cases() {
        String templates = """
            absolute|absolute($X)
            add|add($X, 0.5)
            aggregate|aggregate($X, 'sum')
            aggregateLine|aggregateLine($X, 'avg')
            aggregateSeriesLists|aggregateSeriesLists($X, $X, 'max')
            aggregateWithWildcards|aggregateWithWildcards($X, 'sum', 1)
            alias|alias($X, 'x')
            aliasByMetric|aliasByMetric($X)
            aliasByNode|aliasByNode($X, 1)
            aliasByTags|aliasByTags($X, 1, 'name')
            aliasQuery|aliasQuery($X, 'load', 'load', 'last %d')
            aliasSub|aliasSub($X, 'web', 'host')
            alpha|alpha($X, 0.5)
            applyByNode|applyByNode($X, 1, 'sumSeries(%.*.*)')
            areaBetween|areaBetween($X)
            asPercent|asPercent($X)
            averageAbove|averageAbove($X, 2.5)
            averageBelow|averageBelow($X, 2.5)
            averageOutsidePercentile|averageOutsidePercentile($X, 50)
            averageSeries|averageSeries($X)
            averageSeriesWithWildcards|averageSeriesWithWildcards($X, 1)
            avg|avg($X)
            cactiStyle|cactiStyle($X)
            changed|changed($X)
            color|color($X, 'red')
            consolidateBy|consolidateBy($X, 'max')
            countSeries|countSeries($X)
            cumulative|cumulative($X)
            currentAbove|currentAbove($X, 1)
            currentBelow|currentBelow($X, 1)
            dashed|dashed($X)
            delay|delay($X, 2)
            derivative|derivative($X)
            diffSeries|diffSeries($X)
            diffSeriesLists|diffSeriesLists($X, $X)
            divideSeries|divideSeries($X, servers.web01.cpu.load)
            divideSeriesLists|divideSeriesLists($X, $X)
            drawAsInfinite|drawAsInfinite($X)
            exclude|exclude($X, 'web02')
            exp|exp($X)
            exponentialMovingAverage|exponentialMovingAverage($X, 5)
            fallbackSeries|fallbackSeries($X, servers.web04.cpu.load)
            filterSeries|filterSeries($X, 'max', '>', 5)
            grep|grep($X, 'web0[25]')
            group|group($X)
            groupByNode|groupByNode($X, 1, 'sum')
            groupByNodes|groupByNodes($X, 'sum', 2)
            highest|highest($X, 1)
            highestAverage|highestAverage($X, 1)
            highestCurrent|highestCurrent($X, 1)
            highestMax|highestMax($X, 1)
            hitcount|hitcount($X, '1h')
            holtWintersAberration|holtWintersAberration($X)
            holtWintersConfidenceArea|holtWintersConfidenceArea($X)
            holtWintersConfidenceBands|holtWintersConfidenceBands($X)
            holtWintersForecast|holtWintersForecast($X)
            integral|integral($X)
            integralByInterval|integralByInterval($X, '1h')
            interpolate|interpolate($X)
            invert|invert($X)
            isNonNull|isNonNull($X)
            keepLastValue|keepLastValue($X)
            legendValue|legendValue($X, 'avg')
            limit|limit($X, 1)
            lineWidth|lineWidth($X, 2)
            linearRegression|linearRegression($X)
            log|log($X)
            logit|logit($X)
            lowest|lowest($X, 1)
            lowestAverage|lowestAverage($X, 1)
            lowestCurrent|lowestCurrent($X, 1)
            map|reduce(map($X, 1), 'sumSeries', 3, 'load')
            mapSeries|reduceSeries(mapSeries($X, 1), 'sumSeries', 3, 'load')
            maxSeries|maxSeries($X)
            maximumAbove|maximumAbove($X, 5)
            maximumBelow|maximumBelow($X, 5)
            minMax|minMax($X)
            minSeries|minSeries($X)
            minimumAbove|minimumAbove($X, 0.5)
            minimumBelow|minimumBelow($X, 0.5)
            mostDeviant|mostDeviant($X, 1)
            movingAverage|movingAverage($X, 5)
            movingMax|movingMax($X, '10min')
            movingMedian|movingMedian($X, 5)
            movingMin|movingMin($X, 5)
            movingSum|movingSum($X, 5)
            movingWindow|movingWindow($X, 5, 'avg')
            multiplySeries|multiplySeries($X)
            multiplySeriesLists|multiplySeriesLists($X, $X)
            multiplySeriesWithWildcards|multiplySeriesWithWildcards($X, 1)
            nPercentile|nPercentile($X, 50)
            nonNegativeDerivative|nonNegativeDerivative($X)
            offset|offset($X, 1)
            offsetToZero|offsetToZero($X)
            pct|pct($X)
            perSecond|perSecond($X)
            percentileOfSeries|percentileOfSeries($X, 50)
            pow|pow($X, 2)
            powSeries|powSeries($X)
            rangeOfSeries|rangeOfSeries($X)
            reduce|reduce(mapSeries($X, 1), 'maxSeries', 3, 'load')
            reduceSeries|reduceSeries(mapSeries($X, 1), 'averageSeries', 3, 'load')
            removeAbovePercentile|removeAbovePercentile($X, 50)
            removeAboveValue|removeAboveValue($X, 3)
            removeBelowPercentile|removeBelowPercentile($X, 50)
            removeBelowValue|removeBelowValue($X, 3)
            removeBetweenPercentile|removeBetweenPercentile($X, 30)
            removeEmptySeries|removeEmptySeries($X)
            round|round($X)
            scale|scale($X, 2)
            scaleToSeconds|scaleToSeconds($X, 1)
            secondYAxis|secondYAxis($X)
            setXFilesFactor|setXFilesFactor($X, 0.5)
            sigmoid|sigmoid($X)
            smartSummarize|smartSummarize($X, '1h')
            sortBy|sortBy($X, 'max')
            sortByMaxima|sortByMaxima($X)
            sortByMinima|sortByMinima($X)
            sortByName|sortByName($X)
            sortByTotal|sortByTotal($X)
            squareRoot|squareRoot($X)
            stacked|stacked($X)
            stddevSeries|stddevSeries($X)
            stdev|stdev($X, 5)
            substr|substr($X, 1, 2)
            sum|sum($X)
            sumSeries|sumSeries($X)
            sumSeriesLists|sumSeriesLists($X, $X)
            sumSeriesWithWildcards|sumSeriesWithWildcards($X, 1)
            summarize|summarize($X, '1h')
            timeShift|timeShift($X, '1h')
            timeSlice|timeSlice($X, '$T3', '$T2')
            timeStack|timeStack($X, '1h', 0, 2)
            transformNull|transformNull($X)
            unique|unique($X)
            useSeriesAbove|useSeriesAbove($X, 3, 'cpu.load', 'http.requests')
            weightedAverage|weightedAverage($X, $X, 1)
            xFilesFactor|xFilesFactor($X, 0.5)
            """;
        List<Case> cases = new ArrayList<>();
        templates.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(line -> {
            String[] parts = line.split("\\|", 2);
            cases.add(new Case(parts[0], parts[1].replace("$X", NULLS), "", Kind.NULLS));
            cases.add(new Case(parts[0], parts[1].replace("$X", MIXED_STEPS), "",
                    Kind.MIXED_STEPS));
            cases.add(new Case(parts[0], parts[1].replace("$X", EMPTY), "", Kind.EMPTY));
        });
        return cases;
    }
}
